import { formatClock } from "./format";

/** What the per-function table needs to know to say which span of time it covers. */
export interface FunctionTableSource {
  /** True when the rows are the SDK's metrics (the current page load), false when the panel's own. */
  readonly fromSdk: boolean;
  /** When the current page load's SDK session started (epoch ms), if known. */
  readonly sessionStartedAt: number | undefined;
  /** Calls in the log from this page load, and in all. */
  readonly callsThisLoad: number;
  readonly callsInLog: number;
}

/**
 * The caption above the per-function table. The SDK's metrics cover one page load, while the log
 * kept by "preserve log" spans several: after a reload the table said "whole session" over 1 call
 * while the log held 44. The caption names the span and the calls it leaves out.
 */
export function functionTableCaption(source: FunctionTableSource): string {
  const earlier = source.callsInLog - source.callsThisLoad;
  if (!source.fromSdk) {
    return "Computed in the panel from the calls in the log (every page load it kept).";
  }
  const since =
    source.sessionStartedAt === undefined ? "" : ` (since ${formatClock(source.sessionStartedAt)})`;
  const left =
    earlier > 0
      ? ` The log also holds ${earlier.toLocaleString("en-US")} ${earlier === 1 ? "call" : "calls"} from earlier page loads, not counted here.`
      : "";
  return `From the SDK's metrics for this page load${since}.${left}`;
}

/** A ring of calls tagged by page session, as the panel store keeps them. */
export interface SessionCalls {
  readonly oldestId: number;
  readonly lastId: number;
  get(id: number): { readonly session: string } | undefined;
}

/**
 * How many calls at the end of the log belong to `session`. A page load's calls follow the
 * earlier loads' (a reload replaces the page), so a binary search finds where they start.
 */
export function callsOfSession(calls: SessionCalls, session: string): number {
  let lo = calls.oldestId;
  let hi = calls.lastId + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls.get(mid)?.session === session) hi = mid;
    else lo = mid + 1;
  }
  return calls.lastId + 1 - lo;
}
