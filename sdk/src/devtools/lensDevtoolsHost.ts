import type { BreakerSnapshot, BreakerTransition } from "../core/breakerSnapshot.js";
import { ConfigurationError } from "../errors/index.js";
import { failsFastWhenOpen } from "../instrument/breakerRefusal.js";
import {
  type InflightCall,
  InflightCalls,
  type InflightRuntime,
} from "../instrument/inflightCalls.js";
import type { ResolvedPolicy } from "../instrument/policyResolver.js";
import type { DevtoolsOptions } from "../options.js";
import type { FaultConfig } from "../resilience/faultInjector.js";
import type { OnlineManager } from "../resilience/onlineManager.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import type { HealthReport } from "../telemetry/health.js";
import type { MetricsSnapshot } from "../telemetry/metricsStore.js";
import type { Redactor } from "../telemetry/redact.js";
import { createDevtoolsBridge, type DevtoolsBridge, type PageWindow } from "./bridge.js";
import type {
  DevtoolsBreakerSettings,
  DevtoolsHost,
  DevtoolsInflightTracking,
  DevtoolsSubscription,
  DevtoolsUnattributedLog,
} from "./devtoolsHost.js";
import { resolveDevtoolsSettings } from "./devtoolsSettings.js";

/**
 * The part of a `Lens` the DevTools bridge uses, written structurally so this folder does not
 * import lens.ts (which imports the bridge). A `Lens` satisfies it as is: the bridge reads the lens
 * through this interface only.
 */
export interface DevtoolsLens {
  onCall(listener: (record: CallRecord) => void): () => void;
  onBreakerChange(listener: (transition: BreakerTransition) => void): () => void;
  breakers(): readonly BreakerSnapshot[];
  breaker(scope: string): { isolate(): void; reset(): void };
  /** Present with the `faults()` module; without it the panel's fault commands are refused. */
  readonly faults?: {
    set(config: FaultConfig): void;
    clear(): void;
    get(): FaultConfig;
    onChange?(listener: (config: FaultConfig) => void): () => void;
  };
  readonly online: Pick<
    OnlineManager,
    "isOnline" | "isConnected" | "subscribe" | "subscribeConnection"
  >;
  health?(): HealthReport;
  onHealthChange?(listener: (current: HealthReport, previous: HealthReport) => void): () => void;
  metrics?(): MetricsSnapshot;
  unattributedLogs?(): readonly DevtoolsUnattributedLog[];
  onUnattributedLog?(listener: (line: DevtoolsUnattributedLog) => void): () => void;
  subscriptions?(): readonly DevtoolsSubscription[];
  readonly redactor?: Redactor;
  /**
   * Not public API: the lens's own runtime, which `createLens` puts on its lens (not enumerable)
   * for its bridge. Without it the panel lists no calls in flight and states no refusals.
   */
  readonly runtime?: DevtoolsRuntime;
}

/**
 * What the bridge reads of a lens's runtime: where its calls in flight register, and its functions'
 * policies, so the panel states which calls an open breaker refuses rather than the defaults.
 */
export interface DevtoolsRuntime extends InflightRuntime {
  readonly policies: { resolve(functionPath: string): ResolvedPolicy };
}

const NO_FAULTS: FaultConfig = Object.freeze({});

/**
 * The settings of a breaker the bridge has read (`snapshot`), null for one it has not. Which kinds
 * it refuses is the rule each call applies (failsFastWhenOpen) under the policy of its function,
 * known only for a function's own breaker: a deployment-wide one serves functions whose policies
 * may differ.
 */
function breakerSettingsOf(
  snapshot: BreakerSnapshot | undefined,
  runtime: DevtoolsRuntime | undefined,
): DevtoolsBreakerSettings | null {
  if (snapshot === undefined) return null;
  const { windowMs } = snapshot;
  const policy = runtime?.policies.resolve(snapshot.scope);
  if (policy === undefined || policy.breaker === null || policy.breakerScope !== "function") {
    return { windowMs };
  }
  const refuses = {
    query: failsFastWhenOpen(policy, "query"),
    mutation: failsFastWhenOpen(policy, "mutation"),
    action: failsFastWhenOpen(policy, "action"),
  };
  return { windowMs, refuses };
}

/** The lens's fault injection, or the error a panel command gets when the page has none. */
function faultsOf(lens: DevtoolsLens): NonNullable<DevtoolsLens["faults"]> {
  if (lens.faults === undefined) {
    throw new ConfigurationError({
      message:
        "This page's lens has no faults() module, so it takes no fault commands: add it in development builds, createLens({ use: [faults()] }).",
    });
  }
  return lens.faults;
}

/**
 * Adapts a lens to the bridge's {@link DevtoolsHost}: session metrics become the panel's
 * per-function rows, and commands map onto `lens.faults` and `lens.breaker(scope)`. With the
 * lens's `runtime`, the panel also sees the calls in flight and which calls open breakers refuse.
 */
export function devtoolsHostFromLens(
  lens: DevtoolsLens,
  reportError: (error: unknown) => void,
  earlier: CallRecord[] = [],
  inflight: Iterable<InflightCall> = [],
): DevtoolsHost {
  const { runtime } = lens;
  // The breakers the bridge last read, by scope: their settings go out with those snapshots.
  let lastRead = new Map<string, BreakerSnapshot>();
  const host: DevtoolsHost = {
    ...(lens.redactor === undefined ? {} : { redactor: lens.redactor }),
    onCall: (listener) => {
      // Calls that finished before the bridge started (see loadDevtoolsBridge) join its history first.
      for (const record of earlier.splice(0)) listener(record);
      return lens.onCall(listener);
    },
    onBreakerChange: (listener) => lens.onBreakerChange(listener),
    breakers: () => {
      const snapshots = lens.breakers();
      lastRead = new Map(snapshots.map((snapshot) => [snapshot.scope, snapshot]));
      return snapshots;
    },
    breakerSettings: (scope) => breakerSettingsOf(lastRead.get(scope), runtime),
    online: lens.online,
    faults: () => lens.faults?.get() ?? NO_FAULTS,
    commands: {
      setFaults: (config) => faultsOf(lens).set(config),
      clearFaults: () => faultsOf(lens).clear(),
      isolateBreaker: (scope) => lens.breaker(scope).isolate(),
      resetBreaker: (scope) => lens.breaker(scope).reset(),
      setOffline: (offline) => {
        const faults = faultsOf(lens);
        faults.set({ ...faults.get(), offline });
      },
    },
    reportError,
  };
  const faults = lens.faults;
  if (faults?.onChange)
    host.onFaultsChange = (listener) => faults.onChange?.(listener) ?? (() => {});
  const { health, onHealthChange, metrics, unattributedLogs, onUnattributedLog } = lens;
  if (onUnattributedLog) {
    host.onUnattributedLog = (listener) => {
      // Lines kept before the bridge started join its history first, as earlier calls do.
      for (const line of unattributedLogs?.call(lens) ?? []) listener(line);
      return onUnattributedLog.call(lens, listener);
    };
  }
  const { subscriptions } = lens;
  if (subscriptions) host.subscriptions = () => subscriptions.call(lens);
  if (runtime) host.trackInflight = () => trackInflight(runtime, inflight);
  if (health) host.health = () => health.call(lens);
  if (onHealthChange) host.onHealthChange = (listener) => onHealthChange.call(lens, listener);
  if (metrics) {
    host.metrics = () =>
      metrics.call(lens).functions.map((f) => ({
        functionPath: f.functionPath,
        kind: f.kind,
        count: f.session.calls,
        errors: f.session.failures,
        p50: f.session.latency?.p50 ?? null,
        p95: f.session.latency?.p95 ?? null,
        p99: f.session.latency?.p99 ?? null,
        mean: f.session.latency?.mean ?? null,
      }));
  }
  return host;
}

/**
 * Registers the lens's calls in flight until stopped (the bridge is disposed), starting with those
 * begun before (`begun`, while the bridge's chunk loaded); a newer tracking outlives it.
 */
function trackInflight(
  runtime: InflightRuntime,
  begun: Iterable<InflightCall>,
): DevtoolsInflightTracking {
  const registry = new InflightCalls(runtime.online);
  for (const call of begun) registry.add(call);
  runtime.inflight = registry;
  return {
    calls: () => registry.list(),
    stop: () => {
      if (runtime.inflight === registry) runtime.inflight = undefined;
    },
  };
}

/**
 * Starts the DevTools bridge for a lens according to its `devtools` option; null when the bridge
 * is off or there is no window. `createLens` loads it (see loadDevtoolsBridge); an app with its own
 * wiring can call it too. `earlier` holds calls that finished before it started, `inflight` those
 * begun before it and not settled yet.
 */
export function startDevtoolsBridge(
  lens: DevtoolsLens,
  option: boolean | DevtoolsOptions | undefined,
  reportError: (error: unknown) => void,
  page?: PageWindow,
  earlier?: CallRecord[],
  inflight?: Iterable<InflightCall>,
): DevtoolsBridge | null {
  const settings = resolveDevtoolsSettings(option);
  if (!settings.enabled) return null;
  const host = devtoolsHostFromLens(lens, reportError, earlier, inflight);
  return page === undefined
    ? createDevtoolsBridge(host, settings)
    : createDevtoolsBridge(host, settings, page);
}
