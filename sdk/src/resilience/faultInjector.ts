import { describeValue } from "../core/describeValue.js";
import { type ListenerErrorCounter, ListenerSet } from "../core/listenerSet.js";
import { checkNumber } from "../core/optionChecks.js";
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

const failures: ReadonlySet<string> = new Set<InjectedFailure>([
  "overloaded",
  "network",
  "timeout",
  "bug",
]);
const knownKeys: ReadonlySet<string> = new Set([
  "latencyMs",
  "jitterMs",
  "errorRate",
  "offline",
  "functions",
  "error",
]);
// Ten minutes: longer injected delays are surely a mistake and would look like a hang.
const MAX_INJECTED_DELAY_MS = 600_000;

/**
 * Holds the current fault configuration and decides, per call, whether to inject a fault.
 * `decide` returns null at once while nothing is configured: the success path pays one check.
 */
export class FaultInjector {
  #config: Readonly<FaultConfig> = Object.freeze({});
  #matches: ((functionPath: string) => boolean) | null = null;
  #isActive = false;
  readonly #listeners: ListenerSet<(config: FaultConfig) => void>;

  /** `counter` (the lens's diagnostics) records each error a change listener throws. */
  constructor(counter?: ListenerErrorCounter) {
    this.#listeners = new ListenerSet(counter);
  }

  /**
   * Replaces the configuration. Throws a TypeError or RangeError naming the offending option
   * (configs may come from the DevTools panel, so every field is checked); nothing changes then.
   */
  set(config: FaultConfig): void {
    const validated = validateFaultConfig(config);
    this.#config = Object.freeze(validated);
    this.#matches =
      validated.functions === undefined ? null : compileFunctionPattern(validated.functions);
    this.#isActive =
      (validated.latencyMs ?? 0) > 0 ||
      (validated.jitterMs ?? 0) > 0 ||
      (validated.errorRate ?? 0) > 0 ||
      validated.offline === true;
    this.#emit();
  }

  /** Removes every fault. */
  clear(): void {
    this.#config = Object.freeze({});
    this.#matches = null;
    this.#isActive = false;
    this.#emit();
  }

  /** The current configuration (a frozen copy). */
  get(): FaultConfig {
    return this.#config;
  }

  /** Whether any fault is configured; when false, `decide` always returns null. */
  get active(): boolean {
    return this.#isActive;
  }

  /** The fault for one call of `functionPath`, or null to leave the call untouched. */
  decide(functionPath: string, random: () => number = Math.random): FaultDecision | null {
    if (!this.#affects(functionPath)) return null;
    const delayMs = this.#latency(random);
    const { offline, errorRate = 0, error = "overloaded" } = this.#config;
    const fail =
      offline === true ? "offline" : errorRate > 0 && random() < errorRate ? error : null;
    return delayMs === 0 && fail === null ? null : { delayMs, fail };
  }

  /**
   * The latency to add to one request of `functionPath` at the socket (SocketGate), in ms: 0 when no
   * latency is set or the function is not affected. Failures are decided per call, by `decide`.
   */
  delayFor(functionPath: string, random: () => number = Math.random): number {
    return this.#affects(functionPath) ? this.#latency(random) : 0;
  }

  /** Subscribes to configuration changes; returns the unsubscribe function. */
  onChange(listener: (config: FaultConfig) => void): () => void {
    return this.#listeners.add(listener);
  }

  #affects(functionPath: string): boolean {
    return this.#isActive && (this.#matches === null || this.#matches(functionPath));
  }

  // One draw of the latency plus jitter, before any draw for a failure.
  #latency(random: () => number): number {
    const { latencyMs = 0, jitterMs = 0 } = this.#config;
    return latencyMs + (jitterMs > 0 ? random() * jitterMs : 0);
  }

  #emit(): void {
    this.#listeners.notify(this.#config);
  }
}

/**
 * Checks an untrusted fault configuration and returns a clean copy holding only known keys.
 * Throws a TypeError or RangeError whose message names the option.
 */
export function validateFaultConfig(config: unknown): FaultConfig {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new TypeError("faults: the configuration must be an object");
  }
  const input = config as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!knownKeys.has(key)) {
      throw new TypeError(
        `faults.${key} is not an option; expected one of ${[...knownKeys].join(", ")}`,
      );
    }
  }
  const out: FaultConfig = {};
  const latencyMs = delay(input.latencyMs, "latencyMs");
  if (latencyMs !== undefined) out.latencyMs = latencyMs;
  const jitterMs = delay(input.jitterMs, "jitterMs");
  if (jitterMs !== undefined) out.jitterMs = jitterMs;
  if (input.errorRate !== undefined) {
    checkNumber(input.errorRate, "faults.errorRate", 0, 1);
    out.errorRate = input.errorRate as number;
  }
  if (input.offline !== undefined) {
    if (typeof input.offline !== "boolean") {
      throw new TypeError(`faults.offline must be a boolean, got ${typeof input.offline}`);
    }
    out.offline = input.offline;
  }
  if (input.functions !== undefined) {
    if (typeof input.functions !== "string" || input.functions.trim() === "") {
      throw new TypeError('faults.functions must be a non-empty pattern such as "messages:*"');
    }
    if (input.functions.length > 1_000) {
      throw new RangeError("faults.functions must be at most 1000 characters");
    }
    out.functions = input.functions;
  }
  if (input.error !== undefined) {
    if (typeof input.error !== "string" || !failures.has(input.error)) {
      // "server_error" meant an outage before a function's bug became a developer error.
      const hint =
        input.error === "server_error"
          ? ' ("server_error" is gone: "overloaded" for an outage, "bug" for a function that throws)'
          : "";
      throw new TypeError(
        `faults.error must be one of ${[...failures].join(", ")}, got ${describeValue(input.error)}${hint}`,
      );
    }
    out.error = input.error as InjectedFailure;
  }
  return out;
}

function delay(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_INJECTED_DELAY_MS
  ) {
    throw new RangeError(
      `faults.${name} must be a number of ms in [0, ${MAX_INJECTED_DELAY_MS}], got ${describeValue(value)}`,
    );
  }
  return value;
}
