import type { TracerProvider } from "@opentelemetry/api";
import type { FunctionKind } from "./core/callTarget.js";
import type { CircuitOpenError } from "./errors/index.js";
import type { BreakerOptions } from "./resilience/breaker.js";
import type { RetryOptions } from "./resilience/retry.js";

/** Whether a breaker guards each function on its own, or the whole deployment at once. */
export type BreakerScope = "function" | "deployment";

/** Which failures a breaker counts, beside its trip rules (lens level or per function). */
export interface BreakerCountingOptions {
  /**
   * Count developer errors (a function's bug, `SERVER_ERROR`, or a limit it hit,
   * `LIMIT_EXCEEDED`) as breaker failures. Default false: a bug is not an outage, and a breaker
   * opened by one would also refuse the calls that work.
   */
  countDeveloperErrors: boolean;
}

/** What an open breaker does to a call (lens level or per function). */
export interface BreakerRefusalOptions {
  /**
   * Refuse calls while the breaker is open: they fail at once with `CIRCUIT_OPEN` (or get the
   * function's `fallback`) instead of being sent. Default: `true` for queries, `false` for
   * mutations and actions. A refused write is a user's write lost that the raw client might have
   * delivered (under 50 % errors, about half would land), so for writes an open breaker only
   * observes: its state shows in health, spans and the panel, and the write is sent.
   */
  failFast: boolean;
}

/** Breaker options at the lens level, where the scope is chosen. */
export interface LensBreakerOptions
  extends BreakerOptions,
    Partial<BreakerCountingOptions>,
    Partial<BreakerRefusalOptions> {
  /** "function" (default): one breaker per `module:function`; "deployment": one per deployment. */
  scope: BreakerScope;
}

/** The call a breaker refused, as a {@link BreakerFallback} sees it. */
export interface RefusedCall {
  readonly functionPath: string;
  readonly kind: FunctionKind;
  readonly args: unknown;
}

/**
 * What a call refused by its open breaker returns instead of failing (a cached or empty result).
 * It runs only on a breaker's refusal, never on other failures: those are real answers from the
 * server, and hiding them would hide an outage from the app. When it throws or rejects, the caller
 * gets the original `CircuitOpenError` and the throw is counted in `lens.diagnostics()` (`hook`).
 */
export type BreakerFallback<Result = unknown> = (
  error: CircuitOpenError,
  call: RefusedCall,
) => Result | Promise<Result>;

/**
 * Per-function policy, keyed by `module:function` or a glob such as `"messages:*"`. `Result` types
 * the fallback; {@link policyFor} infers it from a function reference.
 */
export interface FunctionPolicy<Result = unknown> {
  /**
   * The function is safe to run twice. Only then does the SDK re-send a mutation or action whose
   * outcome is unknown (a timeout, a dropped connection).
   */
  idempotent?: boolean;
  /** Overrides the lens retry options for these functions; `false` turns retries off. */
  retry?: Partial<RetryOptions> | false;
  /** Overrides the lens breaker options for these functions; `false` turns the breaker off. */
  breaker?: Partial<BreakerOptions & BreakerCountingOptions & BreakerRefusalOptions> | false;
  /** The result of a call its open breaker refused (see {@link BreakerFallback}). */
  fallback?: BreakerFallback<Result>;
  /** Per-attempt timeout; `null` turns it off. */
  timeoutMs?: number | null;
  /** A failure or open breaker here makes health unhealthy and raises an alert. */
  critical?: boolean;
  /** Bulkhead: at most this many calls of one function in flight at once. */
  maxConcurrent?: number;
  /** Bulkhead: calls waiting beyond `maxConcurrent` (default 100); more are rejected at once with RATE_LIMITED. */
  maxQueued?: number;
  /**
   * Send the call's trace context to the function (in `__lensTrace`, read by `traced()` from
   * `@convex-lens/sdk/server`) and report the spans it prints under the call (end-to-end traces).
   * One-shot calls only; a function that is not traced still works (docs/end-to-end-tracing.md).
   */
  propagate?: boolean;
}

/** What of a call's data goes into spans. Off by default: arguments can hold personal data. */
export interface CaptureOptions {
  /** Record a redacted preview of the arguments as `convex.args`. */
  args?: boolean;
  /** Record a redacted preview of the result as `convex.result`. */
  results?: boolean;
  /**
   * Extra keys (exact, case-insensitive) or patterns to redact, on top of the built-in secret keys
   * and values. A pattern is tried against keys and inside text; its `g` and `y` flags are ignored.
   */
  redact?: ReadonlyArray<string | RegExp>;
  /** Longest preview kept, in characters (default 1,000). */
  maxValueLength?: number;
  /**
   * Keep a redacted preview of a `ConvexError`'s data in span status, logs and the DevTools panel.
   * Off by default: error data is app data, and it reaches telemetry even when capture is off.
   */
  errorData?: boolean;
}

/** Options for the page-side DevTools bridge (see the DevTools extension). */
export interface DevtoolsOptions {
  /** Turn the bridge on; the default is on in development builds. */
  enabled?: boolean;
  /** Events kept while no panel is connected (default 2,000). */
  bufferSize?: number;
  /** Obey panel commands (faults, breaker trips) outside development builds too. */
  allowCommands?: boolean;
}

/**
 * Lets a `ConvexError`'s own text reach end users as `userMessage`. `true` takes `data.message`
 * when it is a string; a function chooses from the error's data and the function that threw it
 * (return undefined to keep the calm default).
 */
export type UserMessageOption =
  | boolean
  | ((
      data: unknown,
      call: { readonly functionPath: string; readonly kind: FunctionKind },
    ) => string | undefined);

/** How calls wait for the network (see `lens.setOnline`). */
export interface OnlineOptions {
  /**
   * How long a call waits for the network before it fails with `OFFLINE`, in ms (default 30,000).
   * Retries wait while the browser is offline; first attempts wait only while offline is forced
   * (`lens.setOnline(false)`, simulated offline).
   */
  waitTimeoutMs?: number;
}

/** Options of {@link createLens}. `undefined` means the default; `false`/`null` turns a feature off. */
export interface LensOptions {
  /** Where spans go; defaults to the global provider from `@opentelemetry/api`. */
  tracerProvider?: TracerProvider;
  /** Retry options for all calls; per-kind rules still apply (see the README). */
  retry?: Partial<RetryOptions> | false;
  /** Circuit breaker options; `false` turns breakers off. */
  breaker?: Partial<LensBreakerOptions> | false;
  /** Per-attempt timeout per kind, in ms; `null` turns one off. */
  timeoutMs?: Partial<Record<FunctionKind, number | null>>;
  /** Per-function policies, keyed by `module:function` or a glob. Exact keys win over globs. */
  functions?: Readonly<Record<string, FunctionPolicy>>;
  /** Argument and result capture, with redaction. Off by default. */
  capture?: CaptureOptions;
  /** The DevTools bridge: `true`/`false` or its options. */
  devtools?: boolean | DevtoolsOptions;
  /**
   * Show a `ConvexError`'s own message to users instead of the catalog's calm text. Off by default,
   * because app messages are often written for developers. See {@link UserMessageOption}.
   */
  userMessage?: UserMessageOption;
  /** Waiting for the network: its deadline. See {@link OnlineOptions}. */
  online?: OnlineOptions;
}

/** Default per-attempt timeouts. Actions may legitimately run for minutes, so they have none. */
export const defaultTimeouts: Readonly<Record<FunctionKind, number | null>> = {
  query: 30_000,
  mutation: 30_000,
  action: null,
};
