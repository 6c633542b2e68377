import type { FunctionKind } from "./core/callTarget.js";
import { MAX_TIMER_DELAY_MS } from "./core/clock.js";
import { unknownKey } from "./core/optionChecks.js";
import { ConfigurationError } from "./errors/index.js";
import { type BasePolicy, PolicyResolver } from "./instrument/policyResolver.js";
import type { LensModule } from "./modules/lensModule.js";
import {
  type CaptureOptions,
  type DevtoolsOptions,
  defaultTimeouts,
  type FunctionPolicy,
  type LensBreakerOptions,
  type LensOptions,
  type OnlineOptions,
} from "./options.js";
import { resolveBreakerOptions } from "./resilience/breaker.js";
import { validateBulkheadOptions } from "./resilience/bulkhead.js";
import { compileFunctionPattern } from "./resilience/functionPattern.js";
import { DEFAULT_ONLINE_WAIT_MS } from "./resilience/onlineManager.js";
import { resolveRetryOptions } from "./resilience/retry.js";
import { isRetryBudget, type RetryBudget } from "./resilience/retryBudget.js";

/** Lens options after validation, ready for the runtime. */
export interface ResolvedLensOptions {
  readonly base: BasePolicy;
  /** One budget shared by every call of the lens; undefined when turned off. */
  readonly budget: RetryBudget | undefined;
  readonly capture: CaptureOptions | null;
  readonly devtools: DevtoolsOptions;
  /** The `use` list, checked to hold modules. */
  readonly modules: readonly LensModule[];
  readonly online: Required<OnlineOptions>;
}

const TOP_LEVEL_KEYS = new Set([
  "tracerProvider",
  "retry",
  "breaker",
  "timeoutMs",
  "functions",
  "capture",
  "devtools",
  "userMessage",
  "online",
  "use",
]);
/** Options that became modules' own (issue 14): where each went, for the error that refuses it. */
const MOVED: Readonly<Record<string, string>> = {
  metrics: "use: [metrics({ windowMs, slowestCount, maxSeries })]",
  thresholds: "use: [metrics(), health({ thresholds })]",
  logger:
    "use: [logger(options or your logger)]; without it the lens writes no lines (drop `logger: false`)",
  meterProvider: "use: [otelMetrics({ meterProvider })]",
};
const POLICY_KEYS = new Set([
  "idempotent",
  "retry",
  "breaker",
  "timeoutMs",
  "critical",
  "maxConcurrent",
  "maxQueued",
  "fallback",
  "propagate",
]);
const RETRY_KEYS = new Set([
  "maxAttempts",
  "initialDelayMs",
  "maxDelayMs",
  "multiplier",
  "jitter",
  "budget",
]);
const KINDS: readonly FunctionKind[] = ["query", "mutation", "action"];

/**
 * Validates `createLens` options. Anything wrong becomes a CONFIGURATION error that names the
 * option and says why, at creation time rather than on the first call.
 */
export function resolveLensOptions(
  options: LensOptions & { readonly use?: readonly LensModule[] },
): ResolvedLensOptions {
  if (typeof options !== "object" || options === null) {
    throw configError("options", "must be an object");
  }
  for (const key of Object.keys(MOVED)) {
    if ((options as Record<string, unknown>)[key] !== undefined) {
      throw configError(key, `is now a module's option: ${MOVED[key]}`);
    }
  }
  // A moved option left undefined means "the default", as everywhere: it passes.
  checkKeys(
    Object.fromEntries(Object.entries(options).filter(([key]) => !(key in MOVED))),
    TOP_LEVEL_KEYS,
    "",
  );
  const { userMessage } = options;
  if (
    userMessage !== undefined &&
    typeof userMessage !== "boolean" &&
    typeof userMessage !== "function"
  ) {
    throw configError(
      "userMessage",
      "must be true, false or a function (data, call) => string | undefined",
    );
  }
  try {
    let budget: RetryBudget | undefined;
    let retry: BasePolicy["retry"] = false;
    if (options.retry !== false) {
      const resolved = resolveRetryOptions(options.retry ?? {}, "retry");
      budget = isRetryBudget(resolved.budget) ? resolved.budget : undefined;
      // Every function shares the lens-wide budget unless its own policy sets one.
      retry = resolved;
    }
    let breaker: BasePolicy["breaker"] = false;
    if (options.breaker !== false) {
      const { scope = "function", ...rest } = options.breaker ?? {};
      if (scope !== "function" && scope !== "deployment") {
        throw new RangeError(
          `breaker.scope must be "function" or "deployment", got ${String(scope)}`,
        );
      }
      checkFailFast(rest.failFast, "breaker.failFast");
      breaker = { ...resolveBreakerOptions(rest, "breaker"), scope } satisfies LensBreakerOptions;
    }
    const timeoutMs = resolveTimeouts(options.timeoutMs);
    const functions = resolveFunctionPolicies(options.functions ?? {}, retry, breaker);
    const base: BasePolicy = { retry, breaker, timeoutMs, functions };
    checkMergedPolicies(base);
    return {
      base,
      budget,
      capture: options.capture ? resolveCapture(options.capture) : null,
      devtools: resolveDevtools(options.devtools),
      modules: resolveModules(options.use),
      online: resolveOnline(options.online),
    };
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError({
      message: `Invalid Convex Lens option: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

function resolveTimeouts(
  timeouts: LensOptions["timeoutMs"],
): Readonly<Record<FunctionKind, number | null>> {
  if (timeouts === undefined) return defaultTimeouts;
  if (typeof timeouts !== "object" || timeouts === null) {
    throw configError("timeoutMs", "must be an object such as { query: 10000 }");
  }
  checkKeys(timeouts, new Set(KINDS), "timeoutMs.");
  const out = { ...defaultTimeouts };
  for (const kind of KINDS) {
    const value = timeouts[kind];
    if (value === undefined) continue;
    out[kind] = checkTimeout(value, `timeoutMs.${kind}`);
  }
  return out;
}

function checkTimeout(value: unknown, name: string): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 2_147_483_647) {
    throw configError(
      name,
      `must be a positive number of milliseconds or null, got ${String(value)}`,
    );
  }
  return value;
}

function resolveFunctionPolicies(
  functions: Readonly<Record<string, FunctionPolicy>>,
  retry: BasePolicy["retry"],
  breaker: BasePolicy["breaker"],
): Record<string, FunctionPolicy> {
  if (typeof functions !== "object" || functions === null) {
    throw configError("functions", 'must be an object keyed by "module:function" or a glob');
  }
  const out: Record<string, FunctionPolicy> = {};
  for (const [pattern, policy] of Object.entries(functions)) {
    const name = `functions[${JSON.stringify(pattern)}]`;
    try {
      compileFunctionPattern(pattern);
    } catch (error) {
      throw configError(name, error instanceof Error ? error.message : String(error));
    }
    if (typeof policy !== "object" || policy === null) throw configError(name, "must be an object");
    checkKeys(policy, POLICY_KEYS, `${name}.`);
    const clean: FunctionPolicy = { ...policy };
    if (policy.retry !== undefined && policy.retry !== false) {
      if (typeof policy.retry !== "object" || policy.retry === null) {
        throw configError(`${name}.retry`, "must be false or an object of retry options");
      }
      checkKeys(policy.retry, RETRY_KEYS, `${name}.retry.`);
      // Validated over the lens options, but kept partial: the resolver merges the layers that
      // match a function field by field. A budget the policy sets (or, with lens retries off, a
      // default one) is built once here and shared by every function the key matches.
      const ownBudget = policy.retry.budget !== undefined || retry === false;
      const merged = resolveRetryOptions(
        { ...(retry || {}), ...policy.retry, ...(ownBudget ? {} : { budget: false as const }) },
        `${name}.retry`,
      );
      clean.retry = ownBudget ? { ...policy.retry, budget: merged.budget } : policy.retry;
    }
    if (policy.breaker !== undefined && policy.breaker !== false) {
      const { scope: _scope, ...base } = breaker || { scope: "function" as const };
      checkFailFast(policy.breaker.failFast, `${name}.breaker.failFast`);
      clean.breaker = resolveBreakerOptions({ ...base, ...policy.breaker }, `${name}.breaker`);
    }
    if (policy.timeoutMs !== undefined)
      clean.timeoutMs = checkTimeout(policy.timeoutMs, `${name}.timeoutMs`);
    for (const flag of ["idempotent", "critical", "propagate"] as const) {
      if (policy[flag] !== undefined && typeof policy[flag] !== "boolean") {
        throw configError(`${name}.${flag}`, "must be a boolean");
      }
    }
    if (policy.fallback !== undefined && typeof policy.fallback !== "function") {
      throw configError(`${name}.fallback`, "must be a function (error, call) => value");
    }
    if (policy.maxQueued !== undefined && policy.maxConcurrent === undefined) {
      throw configError(`${name}.maxQueued`, "needs maxConcurrent to say how many may run at once");
    }
    if (policy.maxConcurrent !== undefined) {
      validateBulkheadOptions(
        {
          maxConcurrent: policy.maxConcurrent,
          maxQueued: policy.maxQueued ?? Number.MAX_SAFE_INTEGER,
        },
        name,
      );
    }
    out[pattern] = clean;
  }
  return out;
}

// Layers that are valid one by one can clash once merged; resolving every exact key now reports
// such a clash when the lens is created rather than on that function's first call.
function checkMergedPolicies(base: BasePolicy): void {
  const resolver = new PolicyResolver(base);
  for (const key of Object.keys(base.functions)) {
    if (!key.includes("*") && !key.includes(",")) resolver.resolve(key);
  }
}

function checkFailFast(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== "boolean")
    throw configError(name, "must be a boolean");
}

function resolveOnline(online: LensOptions["online"]): Required<OnlineOptions> {
  if (online === undefined) return { waitTimeoutMs: DEFAULT_ONLINE_WAIT_MS };
  if (typeof online !== "object" || online === null)
    throw configError("online", "must be an object");
  checkKeys(online, new Set(["waitTimeoutMs"]), "online.");
  const waitTimeoutMs = online.waitTimeoutMs ?? DEFAULT_ONLINE_WAIT_MS;
  if (
    typeof waitTimeoutMs !== "number" ||
    !Number.isFinite(waitTimeoutMs) ||
    waitTimeoutMs < 0 ||
    waitTimeoutMs > MAX_TIMER_DELAY_MS
  ) {
    throw configError(
      "online.waitTimeoutMs",
      `must be a number of milliseconds in [0, ${MAX_TIMER_DELAY_MS}], got ${String(waitTimeoutMs)}`,
    );
  }
  return { waitTimeoutMs };
}

function resolveCapture(capture: CaptureOptions): CaptureOptions {
  if (typeof capture !== "object" || capture === null)
    throw configError("capture", "must be an object");
  checkKeys(
    capture,
    new Set(["args", "results", "redact", "maxValueLength", "errorData"]),
    "capture.",
  );
  if (capture.errorData !== undefined && typeof capture.errorData !== "boolean")
    throw configError("capture.errorData", "must be a boolean");
  if (capture.redact !== undefined) {
    if (!Array.isArray(capture.redact))
      throw configError("capture.redact", "must be an array of strings or RegExps");
    for (const rule of capture.redact) {
      if (typeof rule !== "string" && !(rule instanceof RegExp)) {
        throw configError(
          "capture.redact",
          `entries must be strings or RegExps, got ${typeof rule}`,
        );
      }
    }
  }
  const max = capture.maxValueLength;
  if (max !== undefined && (!Number.isInteger(max) || max < 16 || max > 1_000_000)) {
    throw configError(
      "capture.maxValueLength",
      `must be an integer in [16, 1000000], got ${String(max)}`,
    );
  }
  return capture;
}

function resolveDevtools(devtools: LensOptions["devtools"]): DevtoolsOptions {
  if (devtools === undefined) return {};
  if (typeof devtools === "boolean") return { enabled: devtools };
  if (typeof devtools !== "object" || devtools === null) {
    throw configError("devtools", "must be a boolean or an options object");
  }
  checkKeys(devtools, new Set(["enabled", "bufferSize", "allowCommands"]), "devtools.");
  const size = devtools.bufferSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 1_000_000)) {
    throw configError(
      "devtools.bufferSize",
      `must be an integer in [1, 1000000], got ${String(size)}`,
    );
  }
  return devtools;
}

function resolveModules(use: readonly LensModule[] | undefined): readonly LensModule[] {
  if (use === undefined) return [];
  if (!Array.isArray(use)) {
    throw configError("use", "must be an array of modules, e.g. [metrics(), health()]");
  }
  use.forEach((module: unknown, index) => {
    const m = module as Partial<LensModule> | null;
    if (
      typeof m !== "object" ||
      m === null ||
      typeof m.name !== "string" ||
      typeof m.install !== "function"
    ) {
      throw configError(
        `use[${index}]`,
        "must be a module such as metrics() (call the factory: metrics(), not metrics)",
      );
    }
  });
  return use;
}

function checkKeys(value: object, known: ReadonlySet<string>, prefix: string): void {
  const why = unknownKey(value, known, prefix);
  if (why !== undefined) {
    throw new ConfigurationError({ message: `Invalid Convex Lens option: ${why}.` });
  }
}

function configError(option: string, why: string): ConfigurationError {
  return new ConfigurationError({ message: `Invalid Convex Lens option: ${option} ${why}.` });
}
