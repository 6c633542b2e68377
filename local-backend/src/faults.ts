import { BackendError } from "./backendError.js";
import { compileFunctionGlob } from "./functionGlob.js";

/**
 * System errors a deployment answers when it cannot run a call right now; clients back off and
 * retry them (shapes in injectedFault.ts and docs/errors.md, "Real failure shapes").
 */
export const TRANSIENT_FAULT_KINDS = [
  "overloaded",
  "unavailable",
  "try_again_later",
  "rate_limited",
] as const;

/** One of `TRANSIENT_FAULT_KINDS`. */
export type TransientFaultKind = (typeof TRANSIENT_FAULT_KINDS)[number];

/**
 * What an injected error looks like: a transient system error, or `"bug"`, the failure a function
 * that throws produces (a developer error: clients never retry it).
 */
export type FaultErrorKind = TransientFaultKind | "bug";

/** The transports a client calls over; injected errors can be limited to one. */
export type FaultTransport = "http" | "websocket";

/** Every accepted `errorKind`, in the order the docs and the demo list them. */
export const FAULT_ERROR_KINDS: readonly FaultErrorKind[] = [...TRANSIENT_FAULT_KINDS, "bug"];

/** Whether an injected error is a system error (transient) rather than a function's bug. */
export function isTransientFault(kind: FaultErrorKind): kind is TransientFaultKind {
  return kind !== "bug";
}

/**
 * Faults the backend injects, controllable at run time from code and over `/_lens/faults`.
 * Latency and errors apply to client calls (HTTP calls, WebSocket mutations and actions, and the
 * first result of a new subscription) whose path matches `functions`, or to every call when it
 * is null. An injected error happens before the function runs, so nothing commits.
 * `set` (POST `/_lens/faults`) merges a patch over the current faults; `replace` (PUT) starts
 * from healthy, so settings left out of the patch are off.
 */
export interface FaultConfig {
  /** Fixed delay added before matching calls run, in ms. */
  latencyMs: number;
  /** Extra random delay, uniform in [0, jitterMs], added on top of `latencyMs`. */
  jitterMs: number;
  /** Glob over function paths (`messages:*`) limiting latency and errors; null means all. */
  functions: string | null;
  /** Probability in [0, 1] that a matching call fails with `errorKind` instead of running. */
  errorRate: number;
  /** Which error to inject: a transient system error (default "overloaded") or a "bug". */
  errorKind: FaultErrorKind;
  /**
   * Which clients injected errors reach: "all" (default), or only "http" or "websocket" ones. An
   * overload over WebSocket is the official client's to back off from; over HTTP, the caller's.
   */
  errorTransports: "all" | FaultTransport;
  /** Drop every WebSocket on this period, in ms; null disables. */
  dropSocketsEveryMs: number | null;
  /** Simulate an outage: refuse WebSocket upgrades, close sockets, cut `/api/*` HTTP requests. */
  refuseConnections: boolean;
  /**
   * Hold every WebSocket upgrade this long before accepting it, in ms: a slow cold connect (TLS, a
   * far region, a busy proxy). Unlike `latencyMs`, it delays the socket, not the calls.
   */
  connectDelayMs: number;
}

/** A partial update, merged over the current faults. */
export type FaultPatch = Partial<FaultConfig>;

/** The healthy configuration. */
export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  functions: null,
  errorRate: 0,
  errorKind: "overloaded",
  errorTransports: "all",
  dropSocketsEveryMs: null,
  refuseConnections: false,
  connectDelayMs: 0,
});

/** Longest delay accepted, so a typo cannot hang calls for hours. */
export const MAX_FAULT_DELAY_MS = 10 * 60 * 1000;

/** Shortest socket-drop period accepted; shorter periods would only make clients spin. */
export const MIN_DROP_PERIOD_MS = 50;

const KEYS = Object.keys(NO_FAULTS) as (keyof FaultConfig)[];

function delay(value: unknown, key: string): number {
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_FAULT_DELAY_MS
  ) {
    throw new BackendError(
      "InvalidFaultConfig",
      `${key} must be a number of milliseconds between 0 and ${MAX_FAULT_DELAY_MS}`,
    );
  }
  return value;
}

function errorKind(value: unknown): FaultErrorKind {
  const kind = FAULT_ERROR_KINDS.find((known) => known === value);
  if (kind !== undefined) {
    return kind;
  }
  // "server_error" meant an outage before it was split into transient kinds and "bug".
  const hint =
    value === "server_error"
      ? ' ("server_error" is gone: use "overloaded" for an outage, "bug" for a function that throws)'
      : "";
  throw new BackendError(
    "InvalidFaultConfig",
    `errorKind must be one of ${FAULT_ERROR_KINDS.map((k) => `"${k}"`).join(", ")}${hint}`,
  );
}

function checkedPatch(input: unknown): FaultPatch {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new BackendError("InvalidFaultConfig", "faults must be a JSON object");
  }
  const patch: FaultPatch = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case "latencyMs":
      case "jitterMs":
      case "connectDelayMs":
        patch[key] = delay(value, key);
        break;
      case "functions":
        if (
          value !== null &&
          (typeof value !== "string" || value.length === 0 || value.length > 200)
        ) {
          throw new BackendError(
            "InvalidFaultConfig",
            'functions must be a non-empty glob such as "messages:*" (at most 200 characters), or null',
          );
        }
        patch.functions = value;
        break;
      case "errorRate":
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
          throw new BackendError(
            "InvalidFaultConfig",
            "errorRate must be a number between 0 and 1",
          );
        }
        patch.errorRate = value;
        break;
      case "errorKind":
        patch.errorKind = errorKind(value);
        break;
      case "errorTransports":
        if (value !== "all" && value !== "http" && value !== "websocket") {
          throw new BackendError(
            "InvalidFaultConfig",
            'errorTransports must be "all", "http" or "websocket"',
          );
        }
        patch.errorTransports = value;
        break;
      case "dropSocketsEveryMs":
        if (value === null || value === 0) {
          patch.dropSocketsEveryMs = null;
        } else {
          const ms = delay(value, key);
          if (ms < MIN_DROP_PERIOD_MS) {
            throw new BackendError(
              "InvalidFaultConfig",
              `dropSocketsEveryMs must be null, 0 or at least ${MIN_DROP_PERIOD_MS}`,
            );
          }
          patch.dropSocketsEveryMs = ms;
        }
        break;
      case "refuseConnections":
        if (typeof value !== "boolean") {
          throw new BackendError("InvalidFaultConfig", "refuseConnections must be true or false");
        }
        patch.refuseConnections = value;
        break;
      default:
        throw new BackendError(
          "InvalidFaultConfig",
          `unknown fault setting "${key.slice(0, 60)}"; expected one of ${KEYS.join(", ")}`,
        );
    }
  }
  return patch;
}

/** Validates untrusted input (an admin request body) into a patch, or explains what is wrong. */
export function parseFaultPatch(
  input: unknown,
): { ok: true; patch: FaultPatch } | { ok: false; message: string } {
  try {
    return { ok: true, patch: checkedPatch(input) };
  } catch (error) {
    if (error instanceof BackendError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

/** What to do to one call: wait, then either run it or fail it with a system error. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly error: FaultErrorKind | null;
}

/** Counters of faults actually injected, for `/_lens/status`. */
export interface FaultCounts {
  delayedCalls: number;
  injectedErrors: number;
}

/** Holds the current faults and decides, per call, what to inject. */
export class FaultController {
  private config: FaultConfig = { ...NO_FAULTS };
  private matches: ((udfPath: string) => boolean) | null = null;
  private readonly listeners = new Set<(config: FaultConfig) => void>();
  /** Running totals of injected faults. */
  readonly counts: FaultCounts = { delayedCalls: 0, injectedErrors: 0 };

  constructor(private readonly random: () => number = Math.random) {}

  /** A copy of the current faults. */
  get(): FaultConfig {
    return { ...this.config };
  }

  /** Merges a partial update (validated; throws `BackendError` "InvalidFaultConfig"). */
  set(patch: FaultPatch): FaultConfig {
    return this.apply({ ...this.config, ...checkedPatch(patch) });
  }

  /** Replaces every setting: healthy, then `patch` (validated first; nothing changes on error). */
  replace(patch: FaultPatch): FaultConfig {
    return this.apply({ ...NO_FAULTS, ...checkedPatch(patch) });
  }

  /** Back to healthy. */
  clear(): FaultConfig {
    return this.apply({ ...NO_FAULTS });
  }

  /** Calls `listener` after every change; returns an unsubscribe function. */
  onChange(listener: (config: FaultConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Decides the faults for one client call to `udfPath` over `transport`; counts what it injects. */
  decide(udfPath: string, transport: FaultTransport): FaultDecision {
    const { latencyMs, jitterMs, errorRate, errorKind, errorTransports } = this.config;
    if (this.matches !== null && !this.matches(udfPath)) {
      return { delayMs: 0, error: null };
    }
    const delayMs = latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
    const reached = errorTransports === "all" || errorTransports === transport;
    const error = reached && errorRate > 0 && this.random() < errorRate ? errorKind : null;
    if (delayMs > 0) {
      this.counts.delayedCalls++;
    }
    if (error !== null) {
      this.counts.injectedErrors++;
    }
    return { delayMs, error };
  }

  private apply(config: FaultConfig): FaultConfig {
    this.config = config;
    this.matches = config.functions === null ? null : compileFunctionGlob(config.functions);
    return this.emit();
  }

  private emit(): FaultConfig {
    const snapshot = this.get();
    for (const listener of this.listeners) {
      listener(snapshot);
    }
    return snapshot;
  }
}
