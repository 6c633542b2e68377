import {
  type BreakerOptions,
  type BreakerSnapshot,
  type BreakerTransition,
  CircuitBreaker,
  defaultBreakerOptions,
} from "../resilience/breaker.js";
import type { Clock } from "../resilience/clock.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";
import { safeCall } from "../telemetry/safeExecute.js";

// One breaker per function or deployment; an app has a bounded set of both. Past this many we stop
// creating breakers for new scopes rather than grow without bound (calls then run unguarded).
const MAX_BREAKERS = 1_000;

/** Owns every breaker of a lens, keyed by scope (`module:function` or a deployment address). */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly listeners = new Set<(transition: BreakerTransition) => void>();

  constructor(
    private readonly defaults: BreakerOptions | null,
    private readonly clock: Clock,
    private readonly diagnostics: Diagnostics,
  ) {}

  /** The breaker for `scope`, created with `options` on first use; `null` past the cap. */
  get(scope: string, options: BreakerOptions | null = this.defaults): CircuitBreaker | null {
    const existing = this.breakers.get(scope);
    if (existing) return existing;
    if (this.breakers.size >= MAX_BREAKERS) return null;
    const breaker = new CircuitBreaker(scope, options ?? defaultBreakerOptions, this.clock);
    breaker.onStateChange((transition) => this.emit(transition));
    this.breakers.set(scope, breaker);
    return breaker;
  }

  /** Snapshots of every breaker, for `lens.breakers()`, health and the panel. */
  snapshots(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot());
  }

  /** Subscribes to state changes of any breaker; returns the unsubscribe function. */
  onTransition(listener: (transition: BreakerTransition) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(transition: BreakerTransition): void {
    for (const listener of this.listeners) {
      safeCall(this.diagnostics, "listener", listener, transition);
    }
  }
}
