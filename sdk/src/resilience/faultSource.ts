import type { FaultDecision } from "./faultInjector.js";

/**
 * What the path of a call reads of client-side fault injection: whether any fault is on, and what
 * it does to one call. The injector that holds a configuration lives in the `faults()` module, so
 * an app that never injects faults does not carry it.
 */
export interface FaultSource {
  /** Whether any fault is configured; when false, `decide` returns null and `delayFor` 0. */
  readonly active: boolean;
  /** The fault to inject into one call of `functionPath`, or null for none. */
  decide(functionPath: string): FaultDecision | null;
  /** The latency to add to one message of `functionPath`, in ms. */
  delayFor(functionPath: string): number;
}

/**
 * A lens's faults: none, until the `faults()` module plugs its injector in. The call path reads it
 * as a {@link FaultSource}; while nothing is plugged it costs one null check.
 */
export class FaultSlot implements FaultSource {
  private source: FaultSource | null = null;

  get active(): boolean {
    return this.source?.active === true;
  }

  decide(functionPath: string): FaultDecision | null {
    return this.source === null ? null : this.source.decide(functionPath);
  }

  delayFor(functionPath: string): number {
    return this.source === null ? 0 : this.source.delayFor(functionPath);
  }

  /** Plugs `source` in, or takes the plugged one out with null. */
  plug(source: FaultSource | null): void {
    this.source = source;
  }
}
