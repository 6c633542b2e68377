import type {
  WireBreakerSnapshot,
  WireBreakerState,
  WireBreakerTransition,
} from "@convex-lens/sdk/devtools-protocol";

/** A breaker seen only in the transitions of an earlier page load (kept by "preserve log"). */
export interface EarlierBreaker {
  readonly scope: string;
  /** The state its last transition left it in. */
  readonly state: WireBreakerState;
  /** When that transition happened. */
  readonly at: number;
  /** The page session it belonged to. */
  readonly session: string;
}

/**
 * The breakers that the preserved transitions name but the current page's snapshot does not.
 * After a reload the page starts with no breakers, so its snapshot alone made a breaker vanish
 * while its transitions stayed listed; these rows keep it, marked as from an earlier page load.
 * `transitions` are oldest first; the result is sorted by scope.
 */
export function earlierBreakers(
  current: readonly WireBreakerSnapshot[],
  transitions: readonly (WireBreakerTransition & { readonly session: string })[],
  currentSession: string | null,
): EarlierBreaker[] {
  const live = new Set(current.map((breaker) => breaker.scope));
  const last = new Map<string, EarlierBreaker>();
  for (const t of transitions) {
    if (t.session === currentSession || live.has(t.scope)) continue;
    last.set(t.scope, { scope: t.scope, state: t.to, at: t.at, session: t.session });
  }
  return [...last.values()].sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
}
