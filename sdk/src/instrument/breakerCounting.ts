import type { LensError } from "../errors/index.js";
import type { BreakerCountingOptions } from "../options.js";
import { type BreakerVerdict, breakerVerdict } from "../resilience/convexSemantics.js";
import type { ResolvedPolicy } from "./policyResolver.js";

/**
 * How the breaker guarding a call counts its failed attempt, under the call's policy.
 * `breaker.countDeveloperErrors` travels inside the resolved breaker options: the lens and
 * per-function breaker options are merged as whole objects, so a function inherits the lens's
 * setting and can override it.
 */
export function breakerVerdictFor(error: LensError, policy: ResolvedPolicy): BreakerVerdict {
  const counting = policy.breaker as Partial<BreakerCountingOptions> | null;
  return breakerVerdict(error, counting?.countDeveloperErrors === true);
}
