import { type ListenerErrorCounter, ListenerSet } from "../core/listenerSet.js";
import {
  BOOLEAN,
  check,
  checkOptions,
  numberRule,
  OBJECT,
  oneOf,
  optional,
  optionError,
} from "../core/optionChecks.js";
import { compileFunctionPattern } from "./functionPattern.js";

/**
 * The kinds of failure the SDK can inject on the client side. "overloaded" (the default),
 * "network" and "timeout" are transient, as in an outage: retried where the kind allows, counted
 * by breakers. "bug" is a function that threw (`SERVER_ERROR`): shown at once, never retried.
 */
export type InjectedFailure = "overloaded" | "network" | "timeout" | "bug";

/**
 * Client-side faults (`lens.faults.set(...)`), which work against any deployment, the real
 * Convex cloud included, because they act before the call leaves the SDK.
 */
export interface FaultConfig {
  /**
   * Added delay for each affected call, in ms. Over a WebSocket it is added where a slow network
   * adds it, at the socket: the request goes out late (subscriptions included), while the client's
   * own work, such as an optimistic update, happens at once. Over HTTP the request waits before it
   * is sent.
   */
  latencyMs?: number;
  /** Extra random delay, uniform in [0, jitterMs). */
  jitterMs?: number;
  /** Fraction of affected calls that fail, in [0, 1]. */
  errorRate?: number;
  /**
   * Simulated offline, for every call whatever `functions` says: a WebSocket client's socket is
   * stopped as by a dropped connection (last results kept, mutations queued with their optimistic
   * updates, sent when it ends); an HTTP call waits before it is sent, up to `online.waitTimeoutMs`.
   */
  offline?: boolean;
  /** Which functions are affected, as a pattern (see functionPattern.ts); all when absent. */
  functions?: string;
  /** What an injected failure looks like (default "overloaded"). */
  error?: InjectedFailure;
}

/** What to do to one call: wait `delayMs`, then fail with `fail` (or run it when null). */
export interface FaultDecision {
  delayMs: number;
  fail: null | InjectedFailure | "offline";
}

// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

// Ten minutes: longer injected delays are surely a mistake and would look like a hang.
const DELAY = /* @__PURE__ */ optional(numberRule(0, 600_000));
const RULES = {
  latencyMs: DELAY,
  jitterMs: DELAY,
  errorRate: /* @__PURE__ */ optional(numberRule(0, 1)),
  offline: /* @__PURE__ */ optional(BOOLEAN),
  functions: /* @__PURE__ */ optional({
    what: 'a pattern such as "messages:*", at most 1000 characters',
    test: (v) => typeof v === "string" && v.trim() !== "" && v.length <= 1_000,
  }),
  error: /* @__PURE__ */ optional(oneOf(["overloaded", "network", "timeout", "bug"])),
};

/**
 * Holds the current fault configuration and decides, per call, whether to inject a fault.
 * `decide` returns null at once while nothing is configured: the success path pays one check.
 */
export class FaultInjector {
  private config: Readonly<FaultConfig> = Object.freeze({});
  private matches: ((functionPath: string) => boolean) | null = null;
  private isActive = false;
  private readonly listeners: ListenerSet<(config: FaultConfig) => void>;

  /** `counter` (the lens's diagnostics) records each error a change listener throws. */
  constructor(counter?: ListenerErrorCounter) {
    this.listeners = new ListenerSet(counter);
  }

  /**
   * Replaces the configuration. Throws a RangeError naming the offending option
   * (configs may come from the DevTools panel, so every field is checked); nothing changes then.
   */
  set(config: FaultConfig): void {
    const validated = validateFaultConfig(config);
    this.config = Object.freeze(validated);
    this.matches =
      validated.functions === undefined ? null : compileFunctionPattern(validated.functions);
    this.isActive =
      (validated.latencyMs ?? 0) > 0 ||
      (validated.jitterMs ?? 0) > 0 ||
      (validated.errorRate ?? 0) > 0 ||
      validated.offline === true;
    this.emit();
  }

  /** Removes every fault. */
  clear(): void {
    this.config = Object.freeze({});
    this.matches = null;
    this.isActive = false;
    this.emit();
  }

  /** The current configuration (a frozen copy). */
  get(): FaultConfig {
    return this.config;
  }

  /** Whether any fault is configured; when false, `decide` always returns null. */
  get active(): boolean {
    return this.isActive;
  }

  /** The fault for one call of `functionPath`, or null to leave the call untouched. */
  decide(functionPath: string, random: () => number = Math.random): FaultDecision | null {
    if (!this.affects(functionPath)) return null;
    const delayMs = this.latency(random);
    const { offline, errorRate = 0, error = "overloaded" } = this.config;
    const fail =
      offline === true ? "offline" : errorRate > 0 && random() < errorRate ? error : null;
    return delayMs === 0 && fail === null ? null : { delayMs, fail };
  }

  /**
   * The latency to add to one request of `functionPath` at the socket (SocketGate), in ms: 0 when no
   * latency is set or the function is not affected. Failures are decided per call, by `decide`.
   */
  delayFor(functionPath: string, random: () => number = Math.random): number {
    return this.affects(functionPath) ? this.latency(random) : 0;
  }

  /** Subscribes to configuration changes; returns the unsubscribe function. */
  onChange(listener: (config: FaultConfig) => void): () => void {
    return this.listeners.add(listener);
  }

  private affects(functionPath: string): boolean {
    return this.isActive && (this.matches === null || this.matches(functionPath));
  }

  // One draw of the latency plus jitter, before any draw for a failure.
  private latency(random: () => number): number {
    const { latencyMs = 0, jitterMs = 0 } = this.config;
    return latencyMs + (jitterMs > 0 ? random() * jitterMs : 0);
  }

  private emit(): void {
    this.listeners.notify(this.config);
  }
}

/**
 * Checks an untrusted fault configuration and returns a clean copy holding only known keys.
 * Throws a RangeError whose message names the option.
 */
export function validateFaultConfig(config: unknown): FaultConfig {
  check(config, "faults", OBJECT);
  // Checked and returned as one copy, so a getter cannot answer differently the second time.
  const copy: Record<string, unknown> = { ...(config as object) };
  const advice = copy.error === "server_error" ? serverErrorAdvice() : "";
  if (advice) throw optionError("faults.error", advice);
  checkOptions(copy, "faults", RULES);
  return Object.fromEntries(Object.entries(copy).filter(([, value]) => value !== undefined));
}

// "server_error" meant an outage before a function's bug became a developer error. The advice is
// for development builds; a production build refuses it as any other unknown value.
function serverErrorAdvice(): string {
  try {
    if (process.env.NODE_ENV !== "production") {
      return '"server_error" is gone: "overloaded" for an outage, "bug" for a function that throws';
    }
  } catch {
    // No `process` at all (an unbundled script): refused as any other unknown value.
  }
  return "";
}
