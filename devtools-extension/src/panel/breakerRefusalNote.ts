import type { WireBreakerSnapshot, WireFunctionKind } from "@convex-lens/sdk/devtools-protocol";

const KINDS: readonly WireFunctionKind[] = ["query", "mutation", "action"];

/**
 * What an open breaker does to the calls of its scope, when "open" alone would mislead: by
 * default it refuses queries only, and mutations and actions are still sent (`breaker.failFast`,
 * docs/configuration.md), so "open (tripped by hand)" beside a mutation that went through read as
 * a broken Trip. The page says which kinds its breaker refuses (`refuses`, by the rule its calls
 * follow); a page that does not (an older SDK, a deployment-wide breaker) gets the default stated
 * and the option named. `kinds` are the kinds of function seen for the scope (none for a
 * deployment-wide breaker). `null` when there is nothing to add: a breaker that is not open, or
 * one that refuses every kind seen for it.
 */
export function breakerRefusalNote(
  breaker: Pick<WireBreakerSnapshot, "state" | "refuses">,
  kinds: readonly WireFunctionKind[],
): string | null {
  if (breaker.state !== "open") return null;
  if (breaker.refuses !== undefined) return statedNote(breaker.refuses, kinds);
  const writes = kinds.filter((kind) => kind !== "query").map((kind) => `${kind}s`);
  if (kinds.length > 0 && writes.length === 0) return null;
  const sent = writes.length > 0 ? writes.join(" and ") : "mutations and actions";
  const queries = kinds.includes("query") || kinds.length === 0 ? "queries fail fast; " : "";
  return `Open, but ${queries}${sent} are still sent: an open breaker refuses writes only with breaker.failFast (off for writes by default).`;
}

// The note from the page's own setting: what of the kinds seen is sent, and what it refuses.
function statedNote(
  refuses: NonNullable<WireBreakerSnapshot["refuses"]>,
  kinds: readonly WireFunctionKind[],
): string | null {
  const seen = kinds.length > 0 ? KINDS.filter((kind) => kinds.includes(kind)) : KINDS;
  const sent = seen.filter((kind) => !refuses[kind]);
  if (sent.length === 0) return null;
  const refused = KINDS.filter((kind) => refuses[kind]);
  const setting = refused.length === 0 ? "nothing" : `${refused.map(plural).join(" and ")} only`;
  return `Open, but ${sent.map(plural).join(" and ")} are still sent: while open, this breaker refuses ${setting} (the page's breaker.failFast).`;
}

function plural(kind: WireFunctionKind): string {
  return kind === "query" ? "queries" : `${kind}s`;
}
