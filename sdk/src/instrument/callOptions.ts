import { BOOLEAN, checkOptions, optional, type Rule, TIMEOUT } from "../core/optionChecks.js";
import { invalidOption } from "../errors/invalidOption.js";

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

const RULES: Readonly<Record<keyof CallOptions, Rule>> = {
  signal: /* @__PURE__ */ optional({
    what: "an AbortSignal",
    test: (v) =>
      typeof v === "object" &&
      v !== null &&
      typeof (v as AbortSignal).aborted === "boolean" &&
      typeof (v as AbortSignal).addEventListener === "function",
  }),
  timeoutMs: /* @__PURE__ */ optional(TIMEOUT),
  idempotent: /* @__PURE__ */ optional(BOOLEAN),
};

/**
 * Checks call options when the scoped client is made, so a typo fails at once with a CONFIGURATION
 * error naming the option rather than being ignored on every call.
 */
export function validateCallOptions(options: CallOptions): CallOptions {
  try {
    checkOptions(options, "", RULES);
  } catch (error) {
    throw invalidOption("call", error);
  }
  return options;
}
