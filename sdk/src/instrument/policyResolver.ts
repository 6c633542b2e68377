import type { FunctionKind } from "../core/callTarget.js";
import { withDefaults } from "../core/optionChecks.js";
import { invalidOption } from "../errors/invalidOption.js";
import type {
  BreakerFallback,
  BreakerScope,
  FunctionPolicy,
  LensBreakerOptions,
} from "../options.js";
import { type BreakerOptions, defaultBreakerOptions } from "../resilience/breaker.js";
import type { BulkheadOptions } from "../resilience/bulkhead.js";
import { compileFunctionPattern } from "../resilience/functionPattern.js";
import {
  defaultRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
} from "../resilience/retry.js";

// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

/** The policy one function runs under, after lens options and per-function overrides merge. */
export interface ResolvedPolicy {
  readonly idempotent: boolean;
  readonly critical: boolean;
  /** `null`: this function is never retried. `retry.budget` is the budget its retries draw on. */
  readonly retry: RetryOptions | null;
  /** `null`: no breaker guards this function. */
  readonly breaker: BreakerOptions | null;
  readonly breakerScope: BreakerScope;
  /** Per-attempt timeout for each kind; `null` means none. */
  readonly timeoutMs: Readonly<Record<FunctionKind, number | null>>;
  /** `null`: no concurrency cap. */
  readonly bulkhead: BulkheadOptions | null;
  /** What a call refused by the open breaker returns instead; `null`: it fails with CIRCUIT_OPEN. */
  readonly fallback: BreakerFallback | null;
  /** Send the trace context to the function and read its spans back (`traced()` on the server). */
  readonly propagate: boolean;
}

/**
 * Lens-level settings that every function starts from. `retry.budget` is the lens's shared budget
 * (or `false`); a function layer's `retry` holds only the fields it sets, its budget already built.
 */
export interface BasePolicy {
  readonly retry: RetryOptions | false;
  readonly breaker: LensBreakerOptions | false;
  readonly timeoutMs: Readonly<Record<FunctionKind, number | null>>;
  readonly functions: Readonly<Record<string, FunctionPolicy>>;
}

/** Calls that may wait for a bulkhead slot when a policy sets only `maxConcurrent`. */
export const DEFAULT_MAX_QUEUED = 100;

// Function paths are finite in a real app; the cap only guards against generated names.
const MAX_CACHED = 2_048;

/**
 * Resolves and caches the policy of each function path. Layers apply field by field, lens options
 * first, then matching globs from the shorter (less specific) pattern to the longer, then the exact
 * key: a layer overrides only the fields it sets, so an exact key keeps a glob's retry settings.
 */
export class PolicyResolver {
  private readonly cache = new Map<string, ResolvedPolicy>();
  private readonly exact = new Map<string, FunctionPolicy>();
  private readonly globs: {
    readonly matches: (path: string) => boolean;
    readonly policy: FunctionPolicy;
  }[];

  // What a layer's partial retry options merge over when the lens turned retries off.
  private readonly offRetry: RetryOptions = { ...defaultRetryOptions, budget: false };

  private readonly base: BasePolicy;

  constructor(base: BasePolicy) {
    this.base = base;
    const globs: { pattern: string; policy: FunctionPolicy }[] = [];
    for (const [pattern, policy] of Object.entries(base.functions)) {
      // A key with a wildcard or a comma list ("a:x,b:y") is a pattern; any other key is exact.
      if (pattern.includes("*") || pattern.includes(",")) globs.push({ pattern, policy });
      else this.exact.set(pattern, policy);
    }
    globs.sort((a, b) => a.pattern.length - b.pattern.length);
    this.globs = globs.map(({ pattern, policy }) => ({
      matches: compileFunctionPattern(pattern),
      policy,
    }));
  }

  /** The policy for `functionPath`; O(1) after the first call for that path. */
  resolve(functionPath: string): ResolvedPolicy {
    const cached = this.cache.get(functionPath);
    if (cached) return cached;
    const resolved = this.compute(functionPath);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(functionPath, resolved);
    return resolved;
  }

  private compute(functionPath: string): ResolvedPolicy {
    const layers: FunctionPolicy[] = [];
    for (const glob of this.globs) if (glob.matches(functionPath)) layers.push(glob.policy);
    const exact = this.exact.get(functionPath);
    if (exact) layers.push(exact);

    // Each layer was validated over the lens options when the lens was created. Retry options
    // merge field by field; of every other field the last layer that sets it wins. A field set to
    // undefined sets nothing: it inherits from the layers below and the lens.
    let retry: RetryOptions | false = this.base.retry;
    const set: FunctionPolicy = {};
    for (const layer of layers) {
      if (layer.retry !== undefined) {
        retry =
          layer.retry === false
            ? false
            : withDefaults<RetryOptions>(retry || this.offRetry, layer.retry);
      }
      for (const [key, value] of Object.entries(layer)) {
        if (value !== undefined) (set as Record<string, unknown>)[key] = value;
      }
    }
    if (retry !== false && layers.length > 1) retry = validMerge(retry, functionPath);
    const lensBreaker = this.base.breaker;
    const { breaker = lensBreaker, timeoutMs: timeout, maxConcurrent } = set;
    return {
      idempotent: set.idempotent ?? false,
      critical: set.critical ?? false,
      retry: retry === false ? null : retry,
      breaker: breaker === false ? null : withoutScope({ ...defaultBreakerOptions, ...breaker }),
      breakerScope: lensBreaker === false ? "function" : (lensBreaker.scope ?? "function"),
      timeoutMs:
        timeout === undefined
          ? this.base.timeoutMs
          : { query: timeout, mutation: timeout, action: timeout },
      bulkhead:
        maxConcurrent === undefined
          ? null
          : { maxConcurrent, maxQueued: set.maxQueued ?? DEFAULT_MAX_QUEUED },
      fallback: set.fallback ?? null,
      propagate: set.propagate ?? false,
    };
  }

  /** Whether any function of this lens propagates: only then is the trace-line reader loaded. */
  propagatesAny(): boolean {
    return Object.values(this.base.functions).some((policy) => policy.propagate === true);
  }
}

// Layers valid one by one can still clash when merged (a glob's maxDelayMs below an exact key's
// initialDelayMs): say so as a configuration error naming the function.
function validMerge(retry: RetryOptions, functionPath: string): RetryOptions {
  try {
    return resolveRetryOptions(retry, `functions[${JSON.stringify(functionPath)}].retry`);
  } catch (error) {
    throw invalidOption("Convex Lens", error, mergedHint(functionPath));
  }
}

// Why options valid one by one are refused, for development builds; the message names the
// function's option either way.
function mergedHint(functionPath: string): string {
  try {
    if (process.env.NODE_ENV !== "production") {
      return ` (after merging every policy that matches ${functionPath})`;
    }
  } catch {
    // No \`process\` at all (an unbundled script): no advice.
  }
  return "";
}

function withoutScope(options: BreakerOptions & { scope?: BreakerScope }): BreakerOptions {
  const { scope: _scope, ...rest } = options;
  return rest;
}
