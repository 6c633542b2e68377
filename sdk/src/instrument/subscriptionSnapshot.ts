import type { LensError } from "../errors/LensError.js";

/** Live facts about one subscription, for the panel and tests. */
export interface SubscriptionSnapshot {
  readonly functionPath: string;
  readonly listeners: number;
  /** Results received after the first one. */
  readonly updates: number;
  /** True while a transient failure is hidden and the subscription is being retried. */
  readonly retrying: boolean;
  /**
   * The failure hidden behind the last good result: while it is being retried, or while the
   * function's breaker is open (the page keeps its data, and the error is here to show).
   */
  readonly error?: LensError;
  readonly subscribedAt: number;
  readonly lastUpdateAt?: number;
  /** Server log lines since the first result, newest last (capped). */
  readonly recentLogs: readonly string[];
}
