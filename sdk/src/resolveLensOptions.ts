import type { FunctionKind } from "./core/callTarget.js";
import {
  ANY,
  BOOLEAN,
  COUNT,
  check,
  checkOptions,
  DELAY,
  FALSE_OR_OBJECT,
  numberRule,
  OBJECT,
  oneOf,
  optional,
  optionError,
  type Rule,
  TIMEOUT,
  typeRule,
  withDefaults,
} from "./core/optionChecks.js";
import { invalidOption } from "./errors/invalidOption.js";
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
import { BREAKER_RULES, resolveBreakerOptions } from "./resilience/breaker.js";
import { validateBulkheadOptions } from "./resilience/bulkhead.js";
import { DEFAULT_ONLINE_WAIT_MS } from "./resilience/onlineManager.js";
import { defaultRetryOptions, resolveRetryOptions } from "./resilience/retry.js";
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

// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

/** Options that became modules' own (issue 14): refused with where each went. */
const MOVED = ["metrics", "thresholds", "logger", "meterProvider"];
const KINDS: readonly FunctionKind[] = ["query", "mutation", "action"];

const MAYBE_BOOLEAN = /* @__PURE__ */ optional(BOOLEAN);
const MAYBE_TIMEOUT = /* @__PURE__ */ optional(TIMEOUT);
// Each group's options, in the order they are checked; ANY marks one checked where it is resolved.
const TOP_LEVEL = {
  tracerProvider: /* @__PURE__ */ optional({
    what: "a TracerProvider",
    test: (v) => typeof (v as { getTracer?: unknown } | null)?.getTracer === "function",
  }),
  retry: ANY,
  breaker: ANY,
  timeoutMs: ANY,
  functions: ANY,
  capture: ANY,
  devtools: ANY,
  userMessage: {
    what: "a boolean or a function",
    test: (v: unknown) => v === undefined || typeof v === "boolean" || typeof v === "function",
  },
  online: ANY,
  use: ANY,
};
const TIMEOUTS = { query: MAYBE_TIMEOUT, mutation: MAYBE_TIMEOUT, action: MAYBE_TIMEOUT };
const POLICY = {
  idempotent: MAYBE_BOOLEAN,
  retry: ANY,
  breaker: ANY,
  timeoutMs: MAYBE_TIMEOUT,
  critical: MAYBE_BOOLEAN,
  maxConcurrent: ANY,
  maxQueued: ANY,
  fallback: /* @__PURE__ */ optional(typeRule("function")),
  propagate: MAYBE_BOOLEAN,
};
// The keys a per-function retry may set: those of the retry options.
const RETRY = /* @__PURE__ */ Object.fromEntries(
  Object.keys(defaultRetryOptions).map((key) => [key, ANY]),
);
const CAPTURE = {
  args: MAYBE_BOOLEAN,
  results: MAYBE_BOOLEAN,
  redact: /* @__PURE__ */ optional({
    what: "an array of strings or RegExps",
    test: (v) =>
      Array.isArray(v) && v.every((rule) => typeof rule === "string" || rule instanceof RegExp),
  }),
  maxValueLength: /* @__PURE__ */ optional(numberRule(16, 1_000_000, true)),
  errorData: MAYBE_BOOLEAN,
};
const ONLINE = { waitTimeoutMs: /* @__PURE__ */ optional(DELAY) };
// A truthy non-boolean would turn the bridge, or its commands, on in production: refused.
const DEVTOOLS = {
  enabled: MAYBE_BOOLEAN,
  bufferSize: /* @__PURE__ */ optional(COUNT),
  allowCommands: MAYBE_BOOLEAN,
};
const SCOPE = /* @__PURE__ */ oneOf(["function", "deployment"]);
// The keys a breaker may set: its trip rules (checked where they are resolved, merged over the
// lens's), which failures it counts, and what it does to a call while open.
const BREAKER = {
  .../* @__PURE__ */ Object.fromEntries(Object.keys(BREAKER_RULES).map((key) => [key, ANY])),
  countDeveloperErrors: MAYBE_BOOLEAN,
  failFast: MAYBE_BOOLEAN,
};
// The lens level also chooses the scope.
const LENS_BREAKER = { ...BREAKER, scope: /* @__PURE__ */ optional(SCOPE) };
const PATTERN: Rule = { what: "a non-empty pattern", test: (v) => String(v).trim() !== "" };
const MODULES: Rule = { what: "an array of modules", test: Array.isArray };
const MODULE: Rule = {
  what: "a module such as metrics()",
  test: (m) =>
    typeof m === "object" &&
    m !== null &&
    typeof (m as LensModule).name === "string" &&
    typeof (m as LensModule).install === "function",
};

/**
 * Validates `createLens` options. Anything wrong becomes a CONFIGURATION error that names the
 * option and says why, at creation time rather than on the first call.
 */
export function resolveLensOptions(
  options: LensOptions & { readonly use?: readonly LensModule[] },
): ResolvedLensOptions {
  try {
    return resolve(options);
  } catch (error) {
    throw invalidOption("Convex Lens", error);
  }
}

function resolve(
  options: LensOptions & { readonly use?: readonly LensModule[] },
): ResolvedLensOptions {
  check(options, "options", OBJECT);
  for (const key of MOVED) {
    if ((options as Record<string, unknown>)[key] !== undefined) {
      throw optionError(key, `is now a module's option${movedTo(key)}`);
    }
  }
  // A moved option left undefined means "the default", as everywhere: it passes.
  checkOptions(
    Object.fromEntries(Object.entries(options).filter(([key]) => !MOVED.includes(key))),
    "",
    TOP_LEVEL,
  );
  let budget: RetryBudget | undefined;
  let retry: BasePolicy["retry"] = false;
  if (options.retry !== false) {
    if (options.retry !== undefined) checkOptions(options.retry, "retry", RETRY);
    const resolved = resolveRetryOptions(options.retry ?? {}, "retry");
    budget = isRetryBudget(resolved.budget) ? resolved.budget : undefined;
    // Every function shares the lens-wide budget unless its own policy sets one.
    retry = resolved;
  }
  let breaker: BasePolicy["breaker"] = false;
  if (options.breaker !== false) {
    if (options.breaker !== undefined) checkOptions(options.breaker, "breaker", LENS_BREAKER);
    const { scope = "function", ...rest } = options.breaker ?? {};
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
}

// Where each moved option went, for the developer who upgrades. Development builds only: a
// production build still refuses the option by name, and the advice would be dead weight there.
function movedTo(key: string): string {
  try {
    if (process.env.NODE_ENV !== "production") {
      const where: Record<string, string> = {
        metrics: "use: [metrics({ windowMs, slowestCount, maxSeries })]",
        thresholds: "use: [metrics(), health({ thresholds })]",
        logger:
          "use: [logger(options or your logger)]; without it the lens writes no lines (drop `logger: false`)",
        meterProvider: "use: [otelMetrics({ meterProvider })]",
      };
      return `: ${where[key]}`;
    }
  } catch {
    // No \`process\` at all (an unbundled script): no advice.
  }
  return "";
}

function resolveTimeouts(
  timeouts: LensOptions["timeoutMs"],
): Readonly<Record<FunctionKind, number | null>> {
  if (timeouts === undefined) return defaultTimeouts;
  checkOptions(timeouts, "timeoutMs", TIMEOUTS);
  const out = { ...defaultTimeouts };
  for (const kind of KINDS) {
    const value = timeouts[kind];
    if (value !== undefined) out[kind] = value;
  }
  return out;
}

function resolveFunctionPolicies(
  functions: Readonly<Record<string, FunctionPolicy>>,
  retry: BasePolicy["retry"],
  breaker: BasePolicy["breaker"],
): Record<string, FunctionPolicy> {
  check(functions, "functions", OBJECT);
  const out: Record<string, FunctionPolicy> = {};
  for (const [pattern, policy] of Object.entries(functions)) {
    const name = `functions[${JSON.stringify(pattern)}]`;
    check(pattern, name, PATTERN);
    checkOptions(policy, name, POLICY);
    const clean: FunctionPolicy = { ...policy };
    if (policy.retry !== undefined && policy.retry !== false) {
      checkOptions(policy.retry, `${name}.retry`, RETRY, FALSE_OR_OBJECT);
      // Validated over the lens options, but kept partial: the resolver merges the layers that
      // match a function field by field. A budget the policy sets (or, with lens retries off, a
      // default one) is built once here and shared by every function the key matches.
      const ownBudget = policy.retry.budget !== undefined || retry === false;
      const merged = resolveRetryOptions(
        {
          ...withDefaults(retry || defaultRetryOptions, policy.retry),
          ...(ownBudget ? {} : { budget: false as const }),
        },
        `${name}.retry`,
      );
      clean.retry = ownBudget ? { ...policy.retry, budget: merged.budget } : policy.retry;
    }
    if (policy.breaker !== undefined && policy.breaker !== false) {
      checkOptions(policy.breaker, `${name}.breaker`, BREAKER);
      const { scope: _scope, ...base } = breaker || { scope: "function" as const };
      clean.breaker = resolveBreakerOptions(
        withDefaults<Partial<LensBreakerOptions>>(base, policy.breaker),
        `${name}.breaker`,
      );
    }
    if (policy.maxQueued !== undefined && policy.maxConcurrent === undefined) {
      throw optionError(`${name}.maxQueued`, "needs maxConcurrent");
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

function resolveOnline(online: LensOptions["online"]): Required<OnlineOptions> {
  if (online === undefined) return { waitTimeoutMs: DEFAULT_ONLINE_WAIT_MS };
  checkOptions(online, "online", ONLINE);
  return { waitTimeoutMs: online.waitTimeoutMs ?? DEFAULT_ONLINE_WAIT_MS };
}

function resolveCapture(capture: CaptureOptions): CaptureOptions {
  checkOptions(capture, "capture", CAPTURE);
  return capture;
}

function resolveDevtools(devtools: LensOptions["devtools"]): DevtoolsOptions {
  if (devtools === undefined) return {};
  if (typeof devtools === "boolean") return { enabled: devtools };
  checkOptions(devtools, "devtools", DEVTOOLS, {
    what: "a boolean or an object",
    test: OBJECT.test,
  });
  return devtools;
}

function resolveModules(use: readonly LensModule[] | undefined): readonly LensModule[] {
  if (use === undefined) return [];
  check(use, "use", MODULES);
  use.forEach((module, index) => {
    check(module, `use[${index}]`, MODULE);
  });
  return use;
}
