import type { FunctionKind } from "../core/callTarget.js";
import type { BreakerRefusalOptions } from "../options.js";
import type { ResolvedPolicy } from "./policyResolver.js";

/**
 * Whether an open breaker refuses a call of `kind` under `policy` (`breaker.failFast`), rather than
 * only observing it. By default only queries fail fast: a refused read is retried by the next
 * render or subscription, while a refused write is a user's write lost that the raw client would
 * have sent and that might have landed. `failFast` travels inside the resolved breaker options, as
 * `countDeveloperErrors` does.
 */
export function failsFastWhenOpen(policy: ResolvedPolicy, kind: FunctionKind): boolean {
  const refusal = policy.breaker as Partial<BreakerRefusalOptions> | null;
  return refusal?.failFast ?? kind === "query";
}
