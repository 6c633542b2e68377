import type { LensError } from "../errors/LensError.js";

/**
 * One moment of a subscription's life, as the SDK saw it: what the panel's Subscriptions view
 * lists when one is selected. `failure` carries the error code; `recovery` is the first good
 * result after a failure.
 */
export interface SubscriptionHistoryEvent {
  readonly at: number;
  readonly event: "firstResult" | "update" | "failure" | "recovery";
  readonly code?: string;
}

/** Live facts about one subscription, for the panel and tests. */
export interface SubscriptionSnapshot {
  /** Stable for the subscription's life and unique in this page, so the panel can keep a selection. */
  readonly id: string;
  readonly functionPath: string;
  /** Redacted preview of the args; present only with `capture: { args: true }`. */
  readonly args?: string;
  /** loading: no first result yet; error: the page sees a failure, or one is hidden behind its last result. */
  readonly state: "loading" | "live" | "error";
  /**
   * When the first result (or final failure) arrived, its wait split as the call record's: the
   * answering attempt's wait for the socket and the function's time. `at - subscribedAt` minus both
   * is the time spent on earlier attempts and backoffs, when it was retried first.
   */
  readonly firstResult?: {
    readonly at: number;
    readonly connectMs: number;
    readonly functionMs: number;
  };
  /** Redacted preview of the current result; present only with `capture: { results: true }`. */
  readonly result?: string;
  /** For one page of a paginated query: its size, and whether it is the first page. */
  readonly page?: { readonly numItems: number; readonly first: boolean };
  /** The last events of its life, oldest first (at most 20). */
  readonly history: readonly SubscriptionHistoryEvent[];
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
