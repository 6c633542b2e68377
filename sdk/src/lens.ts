import { trace } from "@opentelemetry/api";
import type { ConvexClient, ConvexHttpClient } from "convex/browser";
import type { ConvexReactClient } from "convex/react";
import type { BreakerSnapshot, BreakerTransition } from "./core/breakerSnapshot.js";
import { type Clock, systemClock } from "./core/clock.js";
import { ListenerSet } from "./core/listenerSet.js";
import { loadDevtoolsBridge } from "./devtools/loadDevtoolsBridge.js";
import { ConfigurationError } from "./errors/index.js";
import { BreakerRegistry } from "./instrument/breakerRegistry.js";
import { instrumentBrowserClient } from "./instrument/browserClient.js";
import { type CallOptions, validateCallOptions } from "./instrument/callOptions.js";
import { type ScopedClient, scopedClient } from "./instrument/callScope.js";
import { instrumentHttpClient } from "./instrument/httpClient.js";
import type { LensRuntime } from "./instrument/lensRuntime.js";
import { loadServerTraceReader } from "./instrument/loadServerTraceReader.js";
import { PolicyResolver } from "./instrument/policyResolver.js";
import { instrumentReactClient } from "./instrument/reactClient.js";
import type { UnattributedLog } from "./instrument/serverLogRouter.js";
import type { SubscriptionSnapshot } from "./instrument/subscriptionSnapshot.js";
import { UnattributedLogs } from "./instrument/unattributedLogs.js";
import { installModules } from "./modules/installModules.js";
import type { LensModule, ModulesApi } from "./modules/lensModule.js";
import type { LensOptions } from "./options.js";
import { DeadlineWheel } from "./resilience/deadlineWheel.js";
import { FaultSlot } from "./resilience/faultSource.js";
import {
  createOnlineManager,
  globalTarget,
  type OnlineManager,
} from "./resilience/onlineManager.js";
import { resolveLensOptions } from "./resolveLensOptions.js";
import type { CallRecord } from "./telemetry/callRecord.js";
import {
  type DiagnosticSource,
  Diagnostics,
  type DiagnosticsSnapshot,
} from "./telemetry/diagnostics.js";
import { createRedactor, type Redactor } from "./telemetry/redact.js";
import { SDK_NAME, SDK_VERSION } from "./version.js";

/** A client `instrument()` accepts: any of the three official Convex clients. */
export type InstrumentableClient = ConvexReactClient | ConvexClient | ConvexHttpClient;

/** Manual control of one breaker. */
export interface BreakerHandle {
  /**
   * Forces the breaker open until `reset()`: the calls an open breaker refuses (queries, and writes
   * with `breaker.failFast`) fail fast with CIRCUIT_OPEN; other writes are still sent.
   */
  isolate(): void;
  /** Forces the breaker closed and forgets its counts. */
  reset(): void;
  snapshot(): BreakerSnapshot;
}

/** One lens: the policies, breakers and telemetry shared by the clients it instruments. */
export interface Lens {
  /** Instruments a Convex client in place and returns it, with the same type and identity. */
  instrument<C extends InstrumentableClient>(client: C): C;
  /**
   * A view of a client this lens instrumented whose `query`, `mutation` and `action` carry
   * `options` (an AbortSignal, a per-attempt timeout, an idempotency override) for those calls
   * only; the client itself and its other callers are unchanged. Throws CONFIGURATION for a
   * client this lens did not instrument, or for bad options.
   */
  call<C extends InstrumentableClient>(client: C, options: CallOptions): ScopedClient<C>;
  /** Every breaker's state. */
  breakers(): BreakerSnapshot[];
  /**
   * The breaker of `scope` (a `module:function` path, or a deployment host). Only calls create
   * breakers: a scope no call has used yet throws CONFIGURATION rather than add a phantom breaker.
   */
  breaker(scope: string): BreakerHandle;
  /** Called on every breaker state change; returns unsubscribe. */
  onBreakerChange(listener: (transition: BreakerTransition) => void): () => void;
  /** Whether the browser is online, and whether every WebSocket client is connected. */
  readonly online: Pick<
    OnlineManager,
    "isOnline" | "subscribe" | "isConnected" | "subscribeConnection"
  >;
  /**
   * Overrides online detection, like TanStack Query's `onlineManager.setOnline`: `false` holds
   * calls as offline (first attempts too), `true` sends them whatever the browser says, `"auto"`
   * (the default) follows the browser's online/offline events, which pause only retries. Waiting
   * for the network has a deadline (`online.waitTimeoutMs`, 30 s by default), then OFFLINE.
   */
  setOnline(online: boolean | "auto"): void;
  /** Calls a listener once per finished call; returns the unsubscribe function. */
  onCall(listener: (record: CallRecord) => void): () => void;
  /**
   * The live subscriptions of the instrumented WebSocket clients: listeners, updates received after
   * the first result (counted, not traced), whether a failure is being retried, recent log lines.
   */
  subscriptions(): SubscriptionSnapshot[];
  /**
   * Server log lines that no call could be named for, because the protocol did not say whose they
   * were (a line printed outside any known response, a query line no subscription claimed). They
   * are listed here rather than attached to a guessed call. Redacted, newest last, at most 200.
   */
  unattributedLogs(): UnattributedLog[];
  /** Called with each new unattributed server log line (redacted); returns unsubscribe. */
  onUnattributedLog(listener: (line: UnattributedLog) => void): () => void;
  /**
   * The redactor every sink of this lens goes through (spans, logger, DevTools bridge); for an
   * app's own exporters and loggers that want the same rules.
   */
  readonly redactor: Redactor;
  /** Telemetry failures the lens swallowed to keep the app running. */
  diagnostics(): DiagnosticsSnapshot;
  /**
   * Counts a telemetry failure of something running beside the lens (`setupTracing`'s OTLP
   * exporter, say), so that `diagnostics()` shows every way telemetry is failing in one place.
   */
  recordDiagnostic(source: DiagnosticSource, error: unknown): void;
  /**
   * Restores the instrumented clients' methods and releases listeners and timers. A client closed
   * before (`client.close()`) was let go of then, and is left as its close left it.
   */
  shutdown(): Promise<void>;
}

const owners = new WeakMap<object, Lens>();

/** Options of {@link createLens}: the lens's own, and the modules it uses. */
export interface CreateLensOptions<M extends readonly LensModule[] = readonly LensModule[]>
  extends LensOptions {
  /**
   * Opt-in modules: `metrics()`, `health()`, `alerts()`, `logger()`, `globalHandlers()`,
   * `otelMetrics()`, or all of them with `everything()`. The lens gains each one's API; what is
   * not listed is not in the app's bundle.
   */
  readonly use?: M;
}

/** A lens with the APIs of the modules in `M` (what `createLens({ use })` returns). */
export type LensWith<M extends readonly LensModule[]> = Lens & ModulesApi<M>;

/**
 * Creates a lens. Invalid options throw a CONFIGURATION error naming the option. The core (spans,
 * the taxonomy, retries, breakers, timeouts, bulkheads, online awareness) is always there; metrics,
 * health, alerts, the logger, global handlers and OpenTelemetry metrics are modules listed in
 * `use` (or all of them: `use: everything()`), and the lens's type gains their APIs.
 */
export function createLens<const M extends readonly LensModule[] = readonly []>(
  options: CreateLensOptions<M> = {},
): LensWith<M> {
  const clock: Clock = systemClock;
  const resolved = resolveLensOptions(options);
  const diagnostics = new Diagnostics();
  const redactor = createRedactor(resolved.capture ?? {});
  const online = createOnlineManager({
    target: globalTarget(),
    waitTimeoutMs: resolved.online.waitTimeoutMs,
  });
  const faults = new FaultSlot();
  const breakerDefaults = resolved.base.breaker === false ? null : resolved.base.breaker;
  const policies = new PolicyResolver(resolved.base);
  // Until a logging module takes them, failure lines are the Convex client's own (as without us).
  let writesFailureLines = (): boolean => false;
  // Each instrumented client's restorer, until shutdown or until the app closes the client: an app
  // that opens and closes clients per route must not pile them up here. A closed client stays this
  // lens's and instrumented (a late call fails as CONFIGURATION); the owners map is weak.
  const clientRestorers = new Map<object, () => void>();
  const rt: LensRuntime = {
    tracer: (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SDK_NAME, SDK_VERSION),
    diagnostics,
    policies,
    breakers: new BreakerRegistry(breakerDefaults, clock, diagnostics),
    bulkheads: new Map(),
    faults,
    online,
    budget: resolved.budget,
    clock,
    deadlines: new DeadlineWheel(clock),
    redactor,
    capture:
      resolved.capture && (resolved.capture.args || resolved.capture.results)
        ? {
            args: resolved.capture.args === true,
            results: resolved.capture.results === true,
            redactor,
          }
        : null,
    onCall: new ListenerSet(diagnostics),
    hubs: new Set(),
    unattributed: new UnattributedLogs(redactor, diagnostics),
    logsFailures: () => writesFailureLines(),
    userMessage: options.userMessage,
    serverTraces: { reader: null },
    clientClosed: (client) => clientRestorers.delete(client),
  };
  if (policies.propagatesAny()) loadServerTraceReader(rt);

  const restorers: (() => void)[] = [];
  // Restores the clients and stops what the lens started: at shutdown, or when a module refused.
  const release = () => {
    const clients = [...clientRestorers.values()].reverse();
    clientRestorers.clear();
    for (const restore of [...clients, ...restorers.splice(0).reverse()]) restore();
    online.dispose();
  };

  const lens: Lens = {
    instrument(client) {
      const owner = owners.get(client);
      if (owner === lens) return client;
      if (owner) {
        throw new ConfigurationError({
          message: "This Convex client is instrumented by another lens.",
        });
      }
      const restore = attach(rt, client);
      clientRestorers.set(client, () => {
        restore();
        // Free the client for another lens: after shutdown this lens no longer owns it.
        owners.delete(client);
      });
      owners.set(client, lens);
      return client;
    },
    call(client, options) {
      if (owners.get(client) !== lens) {
        throw new ConfigurationError({
          message: "lens.call() needs a client this lens instrumented (lens.instrument(client)).",
        });
      }
      return scopedClient(client, validateCallOptions(options));
    },
    breakers: () => rt.breakers.snapshots(),
    breaker(scope) {
      const breaker = rt.breakers.find(scope);
      if (!breaker) {
        throw new ConfigurationError({
          message: `No breaker for "${scope}": no call has used it yet, or breakers are off for it.`,
        });
      }
      return {
        isolate: () => breaker.isolate(),
        reset: () => breaker.reset(),
        snapshot: () => breaker.snapshot(),
      };
    },
    onBreakerChange: (listener) => rt.breakers.onTransition(listener),
    online,
    setOnline: (value) => online.setOnline(value),
    onCall: (listener) => rt.onCall.add(listener),
    subscriptions: () => [...rt.hubs].flatMap((hub) => hub.snapshots()),
    unattributedLogs: () => rt.unattributed.list(),
    onUnattributedLog: (listener) => rt.unattributed.subscribe(listener),
    redactor,
    diagnostics: () => diagnostics.snapshot(),
    recordDiagnostic: (source, error) => diagnostics.record(source, error),
    async shutdown() {
      release();
      rt.onCall.clear();
    },
  };
  try {
    installModules(lens, resolved.modules, restorers, {
      clock,
      diagnostics,
      redactor,
      online,
      // The lens's own functions (arrow functions: no `this`).
      onCall: lens.onCall,
      breakers: lens.breakers,
      onBreakerChange: lens.onBreakerChange,
      subscriptions: lens.subscriptions,
      hasWebSocket: () => online.hasConnectionSources(),
      isCritical: (path) => policies.resolve(path).critical,
      plugFaults: (source) => faults.plug(source),
      forceOffline: (offline) => online.setForcedOffline(offline),
      takeFailureLines(writes) {
        writesFailureLines = writes;
      },
    });
  } catch (error) {
    // A module refused (a clash, a throwing install): let go of what was set up so far.
    release();
    throw error;
  }
  // For its bridge (DevtoolsLens.runtime): not enumerable, so no part of the lens an app sees.
  Object.defineProperty(lens, "runtime", { value: rt });
  restorers.push(
    loadDevtoolsBridge(lens, options.devtools, (error) => diagnostics.record("bridge", error)),
  );
  return lens as LensWith<M>;
}

/** Instruments `client` by its shape; returns the function that restores it. */
function attach(rt: LensRuntime, client: InstrumentableClient): () => void {
  const shape = client as unknown as Record<string, unknown>;
  if (typeof shape.watchQuery === "function" && typeof shape.watchPaginatedQuery === "function") {
    return instrumentReactClient(rt, client as ConvexReactClient);
  }
  if (typeof shape.onUpdate === "function" && "disabled" in shape) {
    return instrumentBrowserClient(rt, client as ConvexClient);
  }
  if (typeof shape.consistentQuery === "function" && typeof shape.mutation === "function") {
    return instrumentHttpClient(rt, client as ConvexHttpClient);
  }
  throw new ConfigurationError({
    message: "instrument() takes a ConvexReactClient, ConvexClient or ConvexHttpClient.",
  });
}
