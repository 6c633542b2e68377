import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { JsonValue } from "./clientMessage.js";
import type { FaultController } from "./faults.js";
import type { UserIdentity } from "./identity.js";
import { injectedFault } from "./injectedFault.js";
import type { ReadSet } from "./readSet.js";
import type { FunctionOutcome, Runtime } from "./runtime.js";

/** Everything that determines a query's result. */
export interface QuerySpec {
  readonly udfPath: string;
  readonly args: JsonValue[];
  readonly identity: UserIdentity | null;
  /** Stable string for `identity`, part of the subscription key. */
  readonly identityKey: string;
  /** The pagination journal the client sent in `Add` (null for a fresh subscription). */
  readonly journal: string | null;
}

/** A query's latest outcome and a fingerprint to tell whether a client already has it. */
export interface QueryResult {
  readonly outcome: FunctionOutcome;
  readonly fingerprint: string;
  /** The pagination journal to send with the result (paginationJournal.ts). */
  readonly journal: string | null;
}

/** Something that wants to hear after each re-run pass (one per socket). */
export interface PassListener {
  /** Called once per pass with the pass's snapshot timestamp; must not throw. */
  afterPass(snapshotTs: bigint): void;
}

interface Subscription {
  readonly key: string;
  readonly spec: QuerySpec;
  refCount: number;
  result: QueryResult | null;
  reads: ReadSet | null;
  /** The journal of the latest run, used by the next one. */
  journal: string | null;
  stale: boolean;
  running: Promise<QueryResult> | null;
}

/** Default cap on distinct subscribed queries across all sockets. */
export const DEFAULT_MAX_SUBSCRIPTIONS = 20_000;

/** Thrown by `acquire` when the subscription cap is reached. */
export class SubscriptionLimitError extends Error {
  override readonly name = "SubscriptionLimitError";
  readonly code = "TooManySubscriptions";
}

/**
 * A fingerprint that ignores the random request id in error messages, so a query that keeps
 * failing the same way is not re-sent on every pass.
 */
export function fingerprintOutcome(
  outcome: FunctionOutcome,
  journal: string | null = null,
): string {
  const essence = outcome.success
    ? ["ok", outcome.value, journal]
    : [
        "error",
        outcome.errorMessage.replace(/\[Request ID: [0-9a-f]+\] /, ""),
        outcome.errorData === undefined ? null : outcome.errorData,
        journal,
      ];
  return createHash("sha1").update(JSON.stringify(essence)).digest("base64");
}

/**
 * Keeps subscribed query results current. convex-test has no reactivity, so after every commit
 * the queries whose read set meets the written tables are re-run — each distinct (path, args,
 * identity) once, however many sockets share it. Bursts of commits coalesce: commits that land
 * while a pass runs are handled together by the next one.
 *
 * Re-runs go through the fault injector like client calls do: an overloaded deployment delays
 * them too. An injected bug fails the query for its subscribers; an injected system error keeps
 * the last result (a deployment would close each subscriber's socket, and the client would
 * re-subscribe). Either way the query stays stale, so the next pass (any commit, or a change of
 * faults) runs it again.
 *
 * It also owns the server's timestamp clock. A pass takes its snapshot timestamp before
 * re-running, so any Transition cut from a pass reflects every mutation whose response carried
 * a lower-or-equal timestamp (`nextMutationTs`).
 */
export class SubscriptionEngine {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly listeners = new Set<PassListener>();
  private clock = 0n;
  private passScheduled = false;
  private passRunning = false;
  private passAgain = false;
  private closed = false;
  // Passes run in the context the engine was created in, not in whichever call's async context
  // happened to commit (convex-test keeps transaction state in AsyncLocalStorage).
  private readonly inRootContext = AsyncLocalStorage.snapshot();
  /** Number of passes run, and queries re-run by them, for `/_lens/status`. */
  readonly counts = { passes: 0, reruns: 0 };

  constructor(
    private readonly runtime: Runtime,
    private readonly onError: (error: unknown) => void,
    private readonly maxSubscriptions: number = DEFAULT_MAX_SUBSCRIPTIONS,
    /** Applied to re-runs; the first result of a subscription is faulted by the caller. */
    private readonly faults: FaultController | null = null,
  ) {}

  /** The key under which identical queries share one subscription. */
  static keyOf(spec: QuerySpec): string {
    return JSON.stringify([spec.udfPath, spec.args, spec.identityKey, spec.journal]);
  }

  /** Distinct subscribed queries. */
  get size(): number {
    return this.subscriptions.size;
  }

  /** Adds one reference to a query; throws `SubscriptionLimitError` at the cap. */
  acquire(spec: QuerySpec): string {
    const key = SubscriptionEngine.keyOf(spec);
    const existing = this.subscriptions.get(key);
    if (existing !== undefined) {
      existing.refCount++;
      return key;
    }
    if (this.subscriptions.size >= this.maxSubscriptions) {
      throw new SubscriptionLimitError(
        `too many distinct subscribed queries (${this.maxSubscriptions})`,
      );
    }
    this.subscriptions.set(key, {
      key,
      spec,
      refCount: 1,
      result: null,
      reads: null,
      journal: spec.journal,
      stale: true,
      running: null,
    });
    return key;
  }

  /** Drops one reference; the query is forgotten when none remain. */
  release(key: string): void {
    const subscription = this.subscriptions.get(key);
    if (subscription !== undefined && --subscription.refCount <= 0) {
      this.subscriptions.delete(key);
    }
  }

  /** The latest result, or null before the first run. */
  current(key: string): QueryResult | null {
    return this.subscriptions.get(key)?.result ?? null;
  }

  /** A result for a newly added query: the shared one when fresh, else a new run. */
  async resultFor(key: string): Promise<QueryResult | null> {
    const subscription = this.subscriptions.get(key);
    if (subscription === undefined) {
      return null;
    }
    if (subscription.running !== null) {
      return await subscription.running;
    }
    if (!subscription.stale && subscription.result !== null) {
      return subscription.result;
    }
    return await this.run(subscription, false);
  }

  /** Registers a socket to hear about passes. */
  addListener(listener: PassListener): void {
    this.listeners.add(listener);
  }

  /** Unregisters a socket. */
  removeListener(listener: PassListener): void {
    this.listeners.delete(listener);
  }

  /** Called after every commit with the tables it wrote. */
  noteCommit(tables: ReadonlySet<string>): void {
    if (tables.size === 0) {
      return;
    }
    for (const subscription of this.subscriptions.values()) {
      if (subscription.reads === null || subscription.reads.intersects(tables)) {
        subscription.stale = true;
      }
    }
    this.requestPass();
  }

  /** The timestamp to give a mutation that just committed; the next pass reaches it. */
  nextMutationTs(): bigint {
    return this.clock + 1n;
  }

  /** The current server timestamp. */
  get now(): bigint {
    return this.clock;
  }

  /** Asks for a pass soon (coalesced with any already pending). */
  requestPass(): void {
    if (this.closed) {
      return;
    }
    if (this.passRunning) {
      this.passAgain = true;
      return;
    }
    if (this.passScheduled) {
      return;
    }
    this.passScheduled = true;
    setImmediate(() => this.inRootContext(() => void this.startPass()));
  }

  /** Stops scheduling passes. */
  close(): void {
    this.closed = true;
  }

  private advanceClock(): bigint {
    const wallNanos = BigInt(Date.now()) * 1_000_000n;
    this.clock = wallNanos > this.clock ? wallNanos : this.clock + 1n;
    return this.clock;
  }

  private run(subscription: Subscription, applyFaults: boolean): Promise<QueryResult> {
    subscription.stale = false;
    const running = this.compute(subscription, applyFaults)
      .then((result) => {
        subscription.result = result;
        return result;
      })
      .finally(() => {
        if (subscription.running === running) {
          subscription.running = null;
        }
      });
    subscription.running = running;
    this.counts.reruns++;
    return running;
  }

  private async compute(subscription: Subscription, applyFaults: boolean): Promise<QueryResult> {
    const { spec } = subscription;
    if (applyFaults && this.faults !== null) {
      const decision = this.faults.decide(spec.udfPath, "websocket");
      if (decision.delayMs > 0) {
        await sleep(decision.delayMs);
      }
      const injected = decision.error === null ? null : injectedFault(decision.error, "query");
      if (injected?.outcome !== undefined) {
        subscription.stale = true;
        return {
          outcome: injected.outcome,
          fingerprint: fingerprintOutcome(injected.outcome, subscription.journal),
          journal: subscription.journal,
        };
      }
      if (injected?.systemError !== undefined && subscription.result !== null) {
        subscription.stale = true;
        return subscription.result;
      }
    }
    const execution = await this.runtime.execute({
      kind: "query",
      udfPath: spec.udfPath,
      args: spec.args,
      identity: spec.identity,
      trackReads: true,
      journal: subscription.journal,
    });
    subscription.reads = execution.reads;
    subscription.journal = execution.journal;
    return {
      outcome: execution.outcome,
      fingerprint: fingerprintOutcome(execution.outcome, execution.journal),
      journal: execution.journal,
    };
  }

  private async startPass(): Promise<void> {
    this.passScheduled = false;
    if (this.closed) {
      return;
    }
    this.passRunning = true;
    try {
      const snapshot = this.advanceClock();
      this.counts.passes++;
      const stale = [...this.subscriptions.values()].filter((s) => s.stale);
      await Promise.all(
        stale.map(async (subscription) => {
          if (subscription.running !== null) {
            await subscription.running.catch(() => undefined);
          }
          if (subscription.stale && this.subscriptions.get(subscription.key) === subscription) {
            await this.run(subscription, true);
          }
        }),
      );
      for (const listener of this.listeners) {
        try {
          listener.afterPass(snapshot);
        } catch (error) {
          this.onError(error);
        }
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.passRunning = false;
      if (this.passAgain) {
        this.passAgain = false;
        this.requestPass();
      }
    }
  }
}
