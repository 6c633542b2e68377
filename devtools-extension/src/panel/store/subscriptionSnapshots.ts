import type { WireSubscription, WireSubscriptions } from "@convex-lens/sdk/devtools-protocol";
import { BoundedMap } from "../../shared/boundedMap";

/**
 * The latest subscriptions snapshot of each page session (a snapshot replaces the one before it,
 * whole: subscriptions are current state, not history), and the one the user selected. Bounded
 * by the store's session limit; an older snapshot arriving late never replaces a newer one.
 */
export class SubscriptionSnapshots {
  private readonly bySession: BoundedMap<string, WireSubscriptions>;
  /** The selected subscription's id; it stays selected across snapshots while it lives. */
  selectedId: string | null = null;

  /** Keeps the snapshots of the `maxSessions` sessions heard from last. */
  constructor(maxSessions: number) {
    this.bySession = new BoundedMap(maxSessions);
  }

  /** Keeps `item` as `session`'s latest snapshot. */
  add(session: string, item: WireSubscriptions): void {
    const previous = this.bySession.get(session);
    if (previous !== undefined && item.at < previous.at) return;
    this.bySession.delete(session);
    this.bySession.set(session, item);
  }

  /** The snapshot to show: the given session's, or without one the newest of any session. */
  latest(session: string | null): WireSubscriptions | null {
    if (session !== null) return this.bySession.get(session) ?? null;
    let newest: WireSubscriptions | null = null;
    for (const item of this.bySession.values()) newest = item;
    return newest;
  }

  /** The selected subscription in `snapshot`, if it is still there. */
  selected(snapshot: WireSubscriptions | null): WireSubscription | undefined {
    if (snapshot === null || this.selectedId === null) return undefined;
    return snapshot.subscriptions.find((s) => s.id === this.selectedId);
  }

  /** Forgets every snapshot and the selection. */
  clear(): void {
    this.bySession.clear();
    this.selectedId = null;
  }
}
