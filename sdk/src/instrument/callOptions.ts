import { ConfigurationError } from "../errors/index.js";

/**
 * What one call may set for itself through `lens.call(client, options)`, without changing the
 * official client's API for every other call. `undefined` keeps the function's policy.
 */
export interface CallOptions {
  /**
   * Cancels the call: a wait for a bulkhead slot, a backoff between attempts or a wait for the
   * network ends at once, and the call fails with `ABORTED`. A request already on the wire is not
   * recalled (a mutation may still commit); the call just stops waiting for it.
   */
  readonly signal?: AbortSignal | undefined;
  /** Per-attempt timeout for this call, in ms; `null` turns it off. */
  readonly timeoutMs?: number | null | undefined;
  /** Declares this call safe to run twice (or not), whatever the function's policy says. */
  readonly idempotent?: boolean | undefined;
}

const KEYS: ReadonlySet<string> = new Set(["signal", "timeoutMs", "idempotent"]);

/**
 * Checks call options when the scoped client is made, so a typo fails at once with a CONFIGURATION
 * error naming the option rather than being ignored on every call.
 */
export function validateCallOptions(options: CallOptions): CallOptions {
  if (typeof options !== "object" || options === null) {
    throw invalid("options", "must be an object such as { signal, timeoutMs, idempotent }");
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key))
      throw invalid(key, `is not a call option; expected one of ${[...KEYS].join(", ")}`);
  }
  const { signal, timeoutMs, idempotent } = options;
  if (signal !== undefined && !isAbortSignal(signal))
    throw invalid("signal", "must be an AbortSignal");
  if (
    timeoutMs !== undefined &&
    timeoutMs !== null &&
    (typeof timeoutMs !== "number" ||
      !Number.isFinite(timeoutMs) ||
      timeoutMs <= 0 ||
      timeoutMs > 2_147_483_647)
  ) {
    throw invalid(
      "timeoutMs",
      `must be a positive number of milliseconds or null, got ${String(timeoutMs)}`,
    );
  }
  if (idempotent !== undefined && typeof idempotent !== "boolean") {
    throw invalid("idempotent", "must be a boolean");
  }
  return options;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function"
  );
}

function invalid(option: string, why: string): never {
  throw new ConfigurationError({ message: `Invalid call option: ${option} ${why}.` });
}
