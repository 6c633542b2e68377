import type { BreakerSnapshot, BreakerTransition } from "../core/breakerSnapshot.js";
import type { Clock } from "../core/clock.js";
import type { SubscriptionSnapshot } from "../instrument/subscriptionSnapshot.js";
import type { FaultSource } from "../resilience/faultSource.js";
import type { OnlineManager } from "../resilience/onlineManager.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";
import type { Redactor } from "../telemetry/redact.js";

/**
 * A typed place where one module leaves a thing another module reads (health reads the metrics
 * module's store), so modules meet without importing each other's installed state or casting.
 */
export interface SharedSlot<T> {
  readonly name: string;
  /** Never set: it carries `T` so that `provide` and `read` agree on the type. */
  readonly type?: T;
}

/** A {@link SharedSlot} named `name` (the name is for error messages only; identity matters). */
export function sharedSlot<T>(name: string): SharedSlot<T> {
  return { name };
}

/**
 * What a module sees of the lens it is installed in: the call stream and the state the core keeps.
 * Small on purpose: a module adds a feature beside the path of a call, never inside it. Its
 * functions do not use `this`, so a module may pass them on as they are (`breakers: host.breakers`),
 * and its field names are those the telemetry classes' options use (`clock`, `diagnostics`…).
 */
export interface ModuleHost {
  readonly clock: Clock;
  /** Where a module counts the telemetry failures it swallows. */
  readonly diagnostics: Diagnostics;
  /** The lens's one redactor: every sink a module writes to goes through it. */
  readonly redactor: Redactor;
  readonly online: Pick<
    OnlineManager,
    "isOnline" | "subscribe" | "isConnected" | "subscribeConnection"
  >;
  /** Called once per finished call; returns unsubscribe. A throwing listener is counted, never raised. */
  onCall(listener: (record: CallRecord) => void): () => void;
  breakers(): BreakerSnapshot[];
  onBreakerChange(listener: (transition: BreakerTransition) => void): () => void;
  subscriptions(): SubscriptionSnapshot[];
  /** Whether any instrumented client's socket is open (connection health has nothing to judge otherwise). */
  hasWebSocket(): boolean;
  /** Whether the per-function policy marks `functionPath` (or a deployment scope) `critical`. */
  isCritical(functionPath: string): boolean;
  /** Plugs client-side fault injection into the path of every call (null takes it out). */
  plugFaults(source: FaultSource | null): void;
  /** Holds calls as offline (simulated offline), or stops holding them. */
  forceOffline(offline: boolean): void;
  /** Leaves `value` in `slot` for the modules installed after this one. */
  provide<T>(slot: SharedSlot<T>, value: T): void;
  /**
   * What a module installed earlier left in `slot`. Throws when none did: a module reads only the
   * slots of modules it `requires`, which are installed before it.
   */
  read<T>(slot: SharedSlot<T>): T;
  /**
   * Hands the lens's failure lines to a logging module: while `writes()` is true the lens does not
   * let the Convex client print its own line for a failed call (one console line per call).
   */
  takeFailureLines(writes: () => boolean): void;
}

/** A module installed in one lens: the API it adds to the lens, and how it lets go. */
export interface InstalledModule<Api extends object> {
  /** Methods and properties added to the lens object (`lens.metrics()`, `lens.health()`…). */
  readonly api: Api;
  /** Releases listeners and timers; called by `lens.shutdown()`, last installed first. */
  dispose?(): void;
}

/**
 * An opt-in feature of a lens (metrics, health, alerts, the logger…), passed in `createLens({ use })`.
 * Features an app does not list are not imported, so its bundler drops them; the lens's type gains
 * each listed module's API. Install order follows `requires`, whatever the order in `use`.
 */
export interface LensModule<Name extends string = string, Api extends object = object> {
  /** Unique within one lens; other modules name it in `requires`. */
  readonly name: Name;
  /** Modules that must be in the same `use` list (installed first): health reads metrics. */
  readonly requires?: readonly string[];
  /** Called once by `createLens`. Bad options were already refused by the module's factory. */
  install(host: ModuleHost): InstalledModule<Api>;
}

/** The API one module adds to a lens. */
export type ModuleApi<M> = M extends LensModule<string, infer Api> ? Api : never;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** The APIs a list of modules adds to a lens, together (`unknown`, i.e. nothing, for none). */
export type ModulesApi<M extends readonly LensModule[]> = Intersection<ModuleApi<M[number]>>;
