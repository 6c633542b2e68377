import type { BreakerSnapshot, BreakerTransition } from "../core/breakerSnapshot.js";
import type { Clock } from "../core/clock.js";
import { ListenerSet } from "../core/listenerSet.js";
import {
  type BreakerOptions,
  CircuitBreaker,
  defaultBreakerOptions,
} from "../resilience/breaker.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";

/**
 * One breaker per function or deployment; an app has a bounded set of both. Past this many, an idle
 * breaker (closed, counting nothing) is forgotten to make room; a function that runs always gets its
 * breaker.
 */
export const MAX_BREAKERS = 1_000;

/**
 * Owns every breaker of a lens, keyed by scope (`module:function` or a deployment address). Only a
 * call creates a breaker ({@link get}); manual control and DevTools commands only {@link find}
 * one, so a typo or a forged command cannot add phantom breakers or fill the registry.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly listeners: ListenerSet<(transition: BreakerTransition) => void>;
  private readonly defaults: BreakerOptions | null;
  private readonly clock: Clock;

  constructor(defaults: BreakerOptions | null, clock: Clock, diagnostics: Diagnostics) {
    this.defaults = defaults;
    this.clock = clock;
    this.listeners = new ListenerSet(diagnostics);
  }

  /** The breaker for `scope` of a function that is being called, created with `options` if needed. */
  get(scope: string, options: BreakerOptions | null = this.defaults): CircuitBreaker {
    const existing = this.breakers.get(scope);
    if (existing) return existing;
    const breaker = new CircuitBreaker(scope, options ?? defaultBreakerOptions, this.clock);
    breaker.onStateChange((transition) => {
      // Forgotten while idle but still held (a live subscription's call site): it opens in view.
      if (!this.breakers.has(scope)) this.keep(breaker);
      this.listeners.notify(transition);
    });
    this.keep(breaker);
    return breaker;
  }

  /** The breaker of `scope` if a call has created it, else null. Never creates one. */
  find(scope: string): CircuitBreaker | null {
    return this.breakers.get(scope) ?? null;
  }

  /** Snapshots of every breaker, for `lens.breakers()`, health and the panel. */
  snapshots(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot());
  }

  /** Subscribes to state changes of any breaker; returns the unsubscribe function. */
  onTransition(listener: (transition: BreakerTransition) => void): () => void {
    return this.listeners.add(listener);
  }

  private keep(breaker: CircuitBreaker): void {
    if (this.breakers.size >= MAX_BREAKERS) this.forgetIdle();
    this.breakers.set(breaker.scope, breaker);
  }

  // Forgets the oldest idle breaker: one whose state would change no decision (CircuitBreaker.idle).
  // When every breaker carries state, the registry grows past the cap instead: only real traffic
  // gets here, bounded by the app's functions. A run of failures does not age out with the window,
  // so its breaker is kept until its function next succeeds or the breaker opens and closes again.
  private forgetIdle(): void {
    for (const [scope, breaker] of this.breakers) {
      if (breaker.idle) {
        this.breakers.delete(scope);
        return;
      }
    }
  }
}
