import type {
  WireFunctionKind,
  WireInflightCall,
  WireInflightCalls,
} from "@convex-lens/sdk/devtools-protocol";
import { BoundedMap } from "../../shared/boundedMap";

/** Settled calls remembered per store, to hide their pending rows until the next snapshot drops them. */
export const MAX_SETTLED_KEYS = 2_000;

/** What a settled call and its pending row have in common: the page gives both the same start. */
function callKey(session: string, functionPath: string, kind: WireFunctionKind, startedAt: number) {
  return `${session}\u0000${kind}\u0000${functionPath}\u0000${startedAt}`;
}

/**
 * The page's one-shot calls in flight: the latest snapshot of each session (a snapshot replaces
 * the one before it, whole), less the calls whose record has arrived since, so a pending row goes
 * the moment its call's row appears rather than at the page's next snapshot (up to a second later).
 */
export class InflightSnapshots {
  private readonly bySession: BoundedMap<string, WireInflightCalls>;
  private readonly settled = new BoundedMap<string, true>(MAX_SETTLED_KEYS);

  /** Keeps the snapshots of the `maxSessions` sessions heard from last. */
  constructor(maxSessions: number) {
    this.bySession = new BoundedMap(maxSessions);
  }

  /** Keeps `item` as `session`'s latest snapshot; an older one arriving late is ignored. */
  add(session: string, item: WireInflightCalls): void {
    const previous = this.bySession.get(session);
    if (previous !== undefined && item.at < previous.at) return;
    this.bySession.delete(session);
    this.bySession.set(session, item);
  }

  /** A call of `session` settled: its pending row, if any, is no longer shown. */
  settle(
    session: string,
    call: { functionPath: string; kind: WireFunctionKind; startedAt: number },
  ): void {
    this.settled.set(callKey(session, call.functionPath, call.kind, call.startedAt), true);
  }

  /** The calls of `session` still in flight, the first begun first; none for an unknown session. */
  pending(session: string | null): WireInflightCall[] {
    if (session === null) return [];
    const snapshot = this.bySession.get(session);
    if (snapshot === undefined) return [];
    return snapshot.calls.filter(
      (call) => !this.settled.has(callKey(session, call.functionPath, call.kind, call.startedAt)),
    );
  }

  /** How many calls `session` had in flight beyond those its snapshot listed (the page's cap). */
  unlisted(session: string | null): number {
    const snapshot = session === null ? undefined : this.bySession.get(session);
    return snapshot === undefined ? 0 : Math.max(0, snapshot.total - snapshot.calls.length);
  }

  /** Forgets every snapshot and settled call. */
  clear(): void {
    this.bySession.clear();
    this.settled.clear();
  }
}
