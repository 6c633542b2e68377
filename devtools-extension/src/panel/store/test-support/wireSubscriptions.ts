import type { WireSubscription, WireSubscriptions } from "@convex-lens/sdk/devtools-protocol";

/** A live subscription as the bridge sends it, for tests; `n` makes its id and args distinct. */
export function wireSubscription(
  n: number,
  overrides: Partial<WireSubscription> = {},
): WireSubscription {
  return {
    id: `s${n}`,
    functionPath: "messages:list",
    state: "live",
    subscribedAt: 1_700_000_000_000 + n,
    firstResult: { at: 1_700_000_000_040 + n, connectMs: 12, functionMs: 28 },
    listeners: 1,
    updates: 3,
    lastUpdateAt: 1_700_000_001_000 + n,
    logs: [],
    history: [{ at: 1_700_000_000_040 + n, event: "firstResult" }],
    ...overrides,
  };
}

/** A subscriptions snapshot of `subscriptions`, taken at `at`. */
export function wireSubscriptions(
  subscriptions: WireSubscription[],
  at = 1_700_000_002_000,
): WireSubscriptions {
  return { type: "subscriptions", at, total: subscriptions.length, subscriptions };
}
