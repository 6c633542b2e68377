import type { BreakerSnapshot, BreakerState, BreakerTransition } from "../core/breakerSnapshot.js";
import { type Clock, systemClock } from "../core/clock.js";
import { ListenerSet } from "../core/listenerSet.js";
import {
  COUNT,
  checkFields,
  DELAY,
  FRACTION,
  numberRule,
  optional,
  optionError,
  type Rule,
  withDefaults,
} from "../core/optionChecks.js";
import { SlidingWindow } from "./slidingWindow.js";
import { CALLS, FAILURES, SLOW, type TripRule, tripRulesFor } from "./tripRules.js";

/** When a breaker opens and how it recovers (resilience4j's model, with a time-bucketed window). */
export interface BreakerOptions {
  /** Open when failures / calls in the window reach this fraction, in (0, 1]. */
  failureRateThreshold: number;
  /** Length of the sliding window over which rates are measured, in ms. */
  windowMs: number;
  /** Rates are not judged until the window holds this many calls (avoids tripping on 1 of 1). */
  minimumCalls: number;
  /** Also open after this many failures in a row, whatever the window says. */
  consecutiveFailures?: number | undefined;
  /** A call that takes at least this long is slow. Without a slow-call rate, slow counts as failed. */
  slowCallMs?: number | undefined;
  /** Open when slow calls / calls reach this fraction; then slow successes are not failures. */
  slowCallRateThreshold?: number | undefined;
  /** How long the breaker stays open before it lets probes through. */
  openMs: number;
  /**
   * Probes admitted at once while half-open; all must succeed to close. A probe still running
   * from an earlier half-open episode counts against this too.
   */
  halfOpenMaxCalls: number;
}

/** Defaults from the SDK's README. */
export const defaultBreakerOptions: Readonly<BreakerOptions> = Object.freeze({
  failureRateThreshold: 0.5,
  windowMs: 30_000,
  minimumCalls: 10,
  openMs: 10_000,
  halfOpenMaxCalls: 1,
});

/**
 * The right to make one call, from {@link CircuitBreaker.admit}. Settle it exactly once with
 * success, failure or release. Settling again is ignored, so a double settle can never free a
 * second half-open slot. A permit from before a state change counts nothing when it settles.
 */
export interface BreakerPermit {
  /** @internal settled once already */
  settled: boolean;
  /** @internal the breaker's generation at admission */
  readonly generation: number;
  /** True for a half-open probe: its verdict decides whether the breaker closes. */
  readonly probe: boolean;
}

const MAX_QUEUED_TRANSITIONS = 100;

/**
 * A circuit breaker for one scope (a function or a deployment). This is the policy: states,
 * probes and generations; when a closed breaker opens is up to its trip rules (tripRules.ts).
 *
 * - O(1) admit and record. The closed-state admit reads no clock and touches one field.
 * - No timers: open → half-open happens lazily when `state`, `admit` or `snapshot` sees that
 *   `openMs` has passed. (opossum's timer-driven design lost its timer when failures raced the
 *   open transition, leaving circuits open for good: opossum #385.)
 * - Half-open admits at most `halfOpenMaxCalls` probes at once; the rest fail fast. Every state
 *   change starts a new generation, and permits of an older generation settle without effect, so
 *   late results of calls admitted before the breaker opened can neither re-open it (pushing
 *   `openedAt` forward) nor close it, and stale probes cannot free slots of a newer half-open.
 */
export class CircuitBreaker {
  /** The resolved, validated options. */
  readonly options: Readonly<BreakerOptions>;

  private current: BreakerState = "closed";
  private generation = 0;
  private isolatedFlag = false;
  private openedAt = 0;
  private nextProbeAt = 0;
  // Probes of the current half-open episode that are in flight / have succeeded.
  private halfOpenInFlight = 0;
  private halfOpenSucceeded = 0;
  // Probe permits not yet settled, from any episode: a probe still running from an earlier
  // episode still loads the backend, so it holds its slot until it settles.
  private probesOutstanding = 0;
  private consecutive = 0;
  private readonly window: SlidingWindow;
  private readonly rules: readonly TripRule[];
  private readonly slowCountsAsFailure: boolean;
  /**
   * Whether a call's duration matters to this breaker (it has a `slowCallMs`). When it does not,
   * callers need not time their calls: {@link success} and {@link failure} ignore the duration.
   */
  readonly timesCalls: boolean;
  private readonly listeners = new ListenerSet<(transition: BreakerTransition) => void>();
  private delivering: BreakerTransition[] | null = null;
  private readonly clock: Clock;

  constructor(
    readonly scope: string,
    options?: Partial<BreakerOptions>,
    clock: Clock = systemClock,
  ) {
    this.clock = clock;
    this.options = resolveBreakerOptions(options);
    this.window = new SlidingWindow(this.options.windowMs, 3);
    this.rules = tripRulesFor(this.options);
    this.timesCalls = this.options.slowCallMs !== undefined;
    this.slowCountsAsFailure = this.timesCalls && this.options.slowCallRateThreshold === undefined;
  }

  /** The current state; moves open → half-open first when `openMs` has passed. */
  get state(): BreakerState {
    if (this.current === "open") this.maybeHalfOpen();
    return this.current;
  }

  /** Held open by {@link isolate} until {@link reset}. */
  get isolated(): boolean {
    return this.isolatedFlag;
  }

  /**
   * Whether forgetting this breaker would change no decision: closed, with no call in its window
   * and no run of failures that its `consecutiveFailures` rule still counts.
   */
  get idle(): boolean {
    this.window.advance(this.clock.now());
    return (
      this.current === "closed" &&
      this.window.total(CALLS) === 0 &&
      (this.consecutive === 0 || this.options.consecutiveFailures === undefined)
    );
  }

  /** A permit for one call, or null when the call must fail fast. A permit must be settled once. */
  admit(): BreakerPermit | null {
    if (this.current === "closed") {
      return { settled: false, generation: this.generation, probe: false };
    }
    if (this.current === "open" && !this.maybeHalfOpen()) return null;
    const max = this.options.halfOpenMaxCalls;
    if (this.probesOutstanding >= max || this.halfOpenInFlight + this.halfOpenSucceeded >= max) {
      return null;
    }
    this.halfOpenInFlight++;
    this.probesOutstanding++;
    return { settled: false, generation: this.generation, probe: true };
  }

  /**
   * The call succeeded after `durationMs`; a slow success may count as a failure (see options).
   * `now`, when the caller has just read the clock, saves a read on the hot path.
   */
  success(permit: BreakerPermit, durationMs: number, now?: number): void {
    if (!this.take(permit)) return;
    const slow = this.isSlow(durationMs);
    if (permit.probe) {
      this.halfOpenInFlight--;
      if (slow) {
        this.open("probe-slow");
        return;
      }
      this.halfOpenSucceeded++;
      if (this.halfOpenSucceeded >= this.options.halfOpenMaxCalls) this.close("probes-succeeded");
      return;
    }
    this.record(slow && this.slowCountsAsFailure, slow, now);
  }

  /** The call failed (in a way that says something about the backend's health). */
  failure(permit: BreakerPermit, durationMs: number, now?: number): void {
    if (!this.take(permit)) return;
    if (permit.probe) {
      this.halfOpenInFlight--;
      this.open("probe-failed");
      return;
    }
    this.record(true, this.isSlow(durationMs), now);
  }

  /**
   * The call ended without a verdict (aborted, or failed for a reason that is not the backend's,
   * such as a validation error): frees a half-open slot and counts nothing.
   */
  release(permit: BreakerPermit): void {
    if (!this.take(permit)) return;
    if (permit.probe) this.halfOpenInFlight--;
  }

  /** Holds the breaker open until {@link reset}, e.g. from the DevTools panel. */
  isolate(): void {
    if (this.isolatedFlag) return;
    const from = this.current;
    this.isolatedFlag = true;
    this.enterOpen(this.clock.now());
    this.emit(from, "isolated");
  }

  /** Closes the breaker and forgets all counts, ending an isolation. */
  reset(): void {
    const from = this.current;
    const wasIsolated = this.isolatedFlag;
    this.isolatedFlag = false;
    this.generation++;
    this.current = "closed";
    this.halfOpenInFlight = 0;
    this.halfOpenSucceeded = 0;
    this.consecutive = 0;
    this.window.clear();
    if (from !== "closed" || wasIsolated) this.emit(from, "reset");
  }

  /** A copy of the breaker's state and window counts, as of now. */
  snapshot(): BreakerSnapshot {
    const state = this.state;
    this.window.advance(this.clock.now());
    const snapshot: BreakerSnapshot = {
      scope: this.scope,
      state,
      failures: this.window.total(FAILURES),
      calls: this.window.total(CALLS),
      slowCalls: this.window.total(SLOW),
      windowMs: this.options.windowMs,
      isolated: this.isolatedFlag,
      halfOpenInFlight: this.probesOutstanding,
    };
    if (state !== "closed") snapshot.openedAt = this.openedAt;
    if (state === "open" && !this.isolatedFlag) snapshot.nextProbeAt = this.nextProbeAt;
    return snapshot;
  }

  /** Listener exceptions swallowed so far, and transitions dropped past the queue's cap. */
  get listenerErrors(): number {
    return this.listeners.errors;
  }

  /** Subscribes to state changes; returns the unsubscribe function. Throwing listeners are isolated. */
  onStateChange(listener: (transition: BreakerTransition) => void): () => void {
    return this.listeners.add(listener);
  }

  // Marks the permit settled; false when it was settled before or belongs to an older generation.
  private take(permit: BreakerPermit): boolean {
    if (permit.settled) return false;
    permit.settled = true;
    if (permit.probe) this.probesOutstanding--;
    return permit.generation === this.generation;
  }

  private isSlow(durationMs: number): boolean {
    const slowCallMs = this.options.slowCallMs;
    return slowCallMs !== undefined && durationMs >= slowCallMs;
  }

  private record(failed: boolean, slow: boolean, now = this.clock.now()): void {
    const window = this.window;
    window.advance(now);
    window.add(CALLS);
    if (failed) window.add(FAILURES);
    if (slow) window.add(SLOW);
    this.consecutive = failed ? this.consecutive + 1 : 0;
    for (const rule of this.rules) {
      const reason = rule(window, this.consecutive);
      if (reason !== null) {
        this.open(reason);
        return;
      }
    }
  }

  private maybeHalfOpen(): boolean {
    if (this.isolatedFlag) return false;
    const now = this.clock.now();
    if (now < this.nextProbeAt) return false;
    this.generation++;
    this.current = "half-open";
    this.halfOpenInFlight = 0;
    this.halfOpenSucceeded = 0;
    this.emit("open", "open-elapsed", now);
    return true;
  }

  private open(reason: string): void {
    const from = this.current;
    const now = this.clock.now();
    this.enterOpen(now);
    this.emit(from, reason, now);
  }

  // The window is kept, not cleared: while open it still shows the calls that tripped it.
  private enterOpen(now: number): void {
    this.generation++;
    this.current = "open";
    this.openedAt = now;
    this.nextProbeAt = now + this.options.openMs;
    this.halfOpenInFlight = 0;
    this.halfOpenSucceeded = 0;
    this.consecutive = 0;
  }

  private close(reason: string): void {
    this.generation++;
    this.current = "closed";
    this.consecutive = 0;
    this.window.clear();
    this.emit("half-open", reason);
  }

  // Transitions raised by a listener (say, one that calls reset()) are queued and delivered after
  // the current one, so every listener sees transitions in the order they happened.
  private emit(from: BreakerState, reason: string, at = this.clock.now()): void {
    if (this.listeners.size === 0) return;
    const transition: BreakerTransition = {
      scope: this.scope,
      from,
      to: this.current,
      reason,
      at,
    };
    if (this.delivering !== null) {
      // A listener that keeps flipping the breaker could loop forever; cap the queue.
      if (this.delivering.length < MAX_QUEUED_TRANSITIONS) this.delivering.push(transition);
      else this.listeners.fail(transition);
      return;
    }
    const queue = [transition];
    this.delivering = queue;
    try {
      for (let i = 0; i < queue.length; i++) {
        this.listeners.notify(queue[i] as BreakerTransition);
      }
    } finally {
      this.delivering = null;
    }
  }
}

// The breaker's options, in the order they are checked.
/** Each breaker option's rule; the lens also refuses keys it does not name. */
export const BREAKER_RULES: Readonly<Record<keyof BreakerOptions, Rule>> = {
  failureRateThreshold: FRACTION,
  windowMs: /* @__PURE__ */ numberRule(1, 86_400_000),
  minimumCalls: COUNT,
  consecutiveFailures: /* @__PURE__ */ optional(COUNT),
  slowCallMs: /* @__PURE__ */ optional(DELAY),
  slowCallRateThreshold: /* @__PURE__ */ optional(FRACTION),
  openMs: DELAY,
  halfOpenMaxCalls: COUNT,
};

/**
 * Merges `options` over {@link defaultBreakerOptions} and validates them. Throws a RangeError
 * whose message names the option (prefixed with `label`); the integrator wraps it into a
 * CONFIGURATION error.
 */
export function resolveBreakerOptions(
  options?: Partial<BreakerOptions>,
  label = "breaker",
): BreakerOptions {
  const resolved = withDefaults<BreakerOptions>(defaultBreakerOptions, options);
  checkFields(resolved, BREAKER_RULES, label);
  if (resolved.slowCallRateThreshold !== undefined && resolved.slowCallMs === undefined) {
    throw optionError(`${label}.slowCallRateThreshold`, `needs ${label}.slowCallMs`);
  }
  return resolved;
}
