import type { LensError } from "../errors/index.js";
import type { BreakerCountingOptions } from "../options.js";
import type { BreakerPermit, CircuitBreaker } from "../resilience/breaker.js";
import { breakerVerdict } from "../resilience/convexSemantics.js";
import type { CallSpan } from "../telemetry/callSpan.js";
import { EVENT_BREAKER_TRANSITION } from "../telemetry/semconv.js";
import type { ResolvedPolicy } from "./policyResolver.js";

/**
 * Settles `permit` with the verdict on one answer (a one-shot call's attempt, or a subscription's
 * result or failure): a success when `error` is null, else as the call's policy counts it.
 * `breaker.countDeveloperErrors` travels inside the resolved breaker options: the lens and
 * per-function breaker options are merged as whole objects, so a function inherits the lens's
 * setting and can override it. `elapsedMs` and `endedAt` are the breaker's `success`/`failure`
 * arguments. A state change it causes is recorded as an event on `span`, the call's.
 */
export function settlePermit(
  breaker: CircuitBreaker,
  permit: BreakerPermit,
  error: LensError | null,
  policy: ResolvedPolicy,
  elapsedMs: number,
  endedAt: number | undefined,
  span: CallSpan | undefined,
): void {
  const before = breaker.state;
  const counting = policy.breaker as Partial<BreakerCountingOptions> | null;
  const verdict = error
    ? breakerVerdict(error, counting?.countDeveloperErrors === true)
    : "success";
  if (verdict === "failure") breaker.failure(permit, elapsedMs, endedAt);
  else if (verdict === "neutral") breaker.release(permit);
  else breaker.success(permit, elapsedMs, endedAt);
  const after = breaker.state;
  if (after !== before) span?.event(EVENT_BREAKER_TRANSITION, { from: before, to: after });
}
