import type { BreakerSnapshot, BreakerTransition } from "../core/breakerSnapshot.js";
import type { FaultConfig } from "../resilience/faultInjector.js";
import type { OnlineManager } from "../resilience/onlineManager.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import type { Redactor } from "../telemetry/redact.js";

/** One health check as the panel shows it (the shape `lens.health()` reports). */
export interface DevtoolsHealthCheck {
  readonly name: string;
  readonly status: string;
  readonly value?: number | null;
  readonly threshold?: number | null;
  readonly message?: string;
}

/** A health report, structurally: whatever `lens.health()` returns is adapted to this. */
export interface DevtoolsHealthReport {
  readonly status: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly checks: readonly DevtoolsHealthCheck[];
  readonly live?: boolean;
  readonly ready?: boolean;
}

/** One function's figures, structurally: `lens.metrics()` is adapted to this. Latencies in ms. */
export interface DevtoolsFunctionMetrics {
  readonly functionPath: string;
  readonly kind: "query" | "mutation" | "action";
  readonly count: number;
  readonly errors: number;
  readonly p50?: number | null;
  readonly p95?: number | null;
  readonly p99?: number | null;
  readonly mean?: number | null;
}

/** A server log line no call could be named for, structurally: what `lens.unattributedLogs()` lists. */
export interface DevtoolsUnattributedLog {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly kind: "query" | "mutation" | "action" | null;
  readonly functionPath: string;
  readonly level: string;
  readonly text: string;
}

/**
 * What the panel may ask the page to do. Each handler may throw (a CONFIGURATION error for a bad
 * fault config, say); the bridge turns the throw into a failed command result.
 */
export interface DevtoolsCommandHandlers {
  /** Extra clearing beyond the bridge's own history (optional). */
  clear?(): void;
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  isolateBreaker(scope: string): void;
  resetBreaker(scope: string): void;
  setOffline(offline: boolean): void;
}

/**
 * Everything the DevTools bridge reads from, and does to, a lens. Kept small so the bridge knows
 * nothing of the lens's internals; `createLens` implements it. Health and metrics are optional
 * inputs: without them the panel computes its own figures from the calls.
 */
export interface DevtoolsHost {
  /** Subscribes to finished calls; returns the unsubscribe function. */
  onCall(listener: (record: CallRecord) => void): () => void;
  /** Subscribes to breaker state changes; returns the unsubscribe function. */
  onBreakerChange(listener: (transition: BreakerTransition) => void): () => void;
  breakers(): readonly BreakerSnapshot[];
  readonly online: Pick<
    OnlineManager,
    "isOnline" | "isConnected" | "subscribe" | "subscribeConnection"
  >;
  faults(): FaultConfig;
  /** Subscribes to fault configuration changes, when the host can. */
  onFaultsChange?(listener: (config: FaultConfig) => void): () => void;
  health?(): DevtoolsHealthReport;
  onHealthChange?(
    listener: (report: DevtoolsHealthReport, previous: DevtoolsHealthReport | undefined) => void,
  ): () => void;
  metrics?(): readonly DevtoolsFunctionMetrics[];
  /**
   * Subscribes to server log lines no call could be named for, when the host has them; the lines
   * kept before the bridge started are handed to the listener first.
   */
  onUnattributedLog?(listener: (line: DevtoolsUnattributedLog) => void): () => void;
  readonly commands: DevtoolsCommandHandlers;
  /** The lens's redactor, for error text and the app's spans; the built-in rules without one. */
  readonly redactor?: Redactor;
  /** Counts a swallowed bridge failure (the lens records it as a "bridge" diagnostic). */
  reportError(error: unknown): void;
}
