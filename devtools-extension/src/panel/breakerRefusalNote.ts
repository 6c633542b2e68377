import type { WireBreakerSnapshot, WireFunctionKind } from "@convex-lens/sdk/devtools-protocol";

/**
 * What an open breaker does to the calls of its scope, when "open" alone would mislead: by
 * default it refuses queries only, and mutations and actions are still sent (`breaker.failFast`,
 * docs/configuration.md), so "open (tripped by hand)" beside a mutation that went through read as
 * a broken Trip. The page does not send its `failFast` setting (WireBreakerSnapshot has no such
 * field), so the note states the default and names the option. `kinds` are the kinds of function
 * seen for the scope (none for a deployment-wide breaker). `null` when there is nothing to add: a
 * breaker that is not open, or one of queries only, which the default refuses.
 */
export function breakerRefusalNote(
  breaker: Pick<WireBreakerSnapshot, "state">,
  kinds: readonly WireFunctionKind[],
): string | null {
  if (breaker.state !== "open") return null;
  const writes = kinds.filter((kind) => kind !== "query").map((kind) => `${kind}s`);
  if (kinds.length > 0 && writes.length === 0) return null;
  const sent = writes.length > 0 ? writes.join(" and ") : "mutations and actions";
  const queries = kinds.includes("query") || kinds.length === 0 ? "queries fail fast; " : "";
  return `Open, but ${queries}${sent} are still sent: an open breaker refuses writes only with breaker.failFast (off for writes by default).`;
}
