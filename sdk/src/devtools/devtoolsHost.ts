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
  readonly details?: Readonly<Record<string, number | string | boolean | null>>;
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

/**
 * A breaker's settings the panel states rather than guesses: its window, and for a function's
 * breaker which kinds it refuses while open (`undefined` when the functions behind it may differ).
 */
export interface DevtoolsBreakerSettings {
  readonly windowMs: number;
  readonly refuses?: Readonly<Record<"query" | "mutation" | "action", boolean>>;
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
 * One live subscription, structurally: what `lens.subscriptions()` lists. Previews and log lines
 * come redacted by the lens; the bridge redacts and cuts them again.
 */
export interface DevtoolsSubscription {
  readonly id?: string;
  readonly functionPath: string;
  readonly args?: string;
  readonly state?: "loading" | "live" | "error";
  readonly subscribedAt: number;
  readonly firstResult?: {
    readonly at: number;
    readonly connectMs: number;
    readonly functionMs: number;
  };
  readonly listeners: number;
  readonly updates: number;
  readonly lastUpdateAt?: number;
  readonly error?: { readonly code: string; readonly message: string };
  readonly result?: string;
  readonly recentLogs: readonly string[];
  readonly page?: { readonly numItems: number; readonly first: boolean };
  readonly history?: readonly {
    readonly at: number;
    readonly event: "firstResult" | "update" | "failure" | "recovery";
    readonly code?: string;
  }[];
}

/**
 * One one-shot call in flight, structurally: what the lens's registry of calls in flight
 * (instrument/inflightCalls.ts) lists.
 */
export interface DevtoolsInflightCall {
  readonly id: string;
  readonly functionPath: string;
  readonly kind: "query" | "mutation" | "action";
  readonly transport: "websocket" | "http";
  readonly startedAt: number;
  readonly attempt: number;
  readonly waitingFor: "server" | "socket" | "offline" | "bulkhead" | "backoff";
}

/** The calls in flight, listed from the bridge's start until {@link stop}. */
export interface DevtoolsInflightTracking {
  calls(): readonly DevtoolsInflightCall[];
  /** Stops registering calls: without a bridge (production builds), calls pay nothing for this list. */
  stop(): void;
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
  /** The settings of the breaker of `scope`, when the host knows them; null for an unknown scope. */
  breakerSettings?(scope: string): DevtoolsBreakerSettings | null;
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
  /** The live subscriptions, when the host has them; read at most once a second while a panel is open. */
  subscriptions?(): readonly DevtoolsSubscription[];
  /**
   * Starts listing the one-shot calls in flight, when the host can; called when the bridge starts
   * and stopped when it is disposed, so a panel opened later lists the calls begun before it. The
   * bridge reads the list only while a panel is connected.
   */
  trackInflight?(): DevtoolsInflightTracking;
  readonly commands: DevtoolsCommandHandlers;
  /** The lens's redactor, for error text and the app's spans; the built-in rules without one. */
  readonly redactor?: Redactor;
  /** Counts a swallowed bridge failure (the lens records it as a "bridge" diagnostic). */
  reportError(error: unknown): void;
}
