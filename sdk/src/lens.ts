import { trace } from "@opentelemetry/api";
import type { ConvexClient, ConvexHttpClient } from "convex/browser";
import type { ConvexReactClient } from "convex/react";
import { ConfigurationError } from "./errors/index.js";
import { BreakerRegistry } from "./instrument/breakerRegistry.js";
import { instrumentBrowserClient } from "./instrument/browserClient.js";
import { instrumentHttpClient } from "./instrument/httpClient.js";
import type { LensRuntime } from "./instrument/lensRuntime.js";
import { PolicyResolver } from "./instrument/policyResolver.js";
import { instrumentReactClient } from "./instrument/reactClient.js";
import type { LensOptions } from "./options.js";
import type { BreakerSnapshot } from "./resilience/breaker.js";
import { type Clock, systemClock } from "./resilience/clock.js";
import {
  type FaultConfig,
  FaultInjector,
  validateFaultConfig,
} from "./resilience/faultInjector.js";
import {
  convexConnectionSource,
  createOnlineManager,
  type OnlineManager,
} from "./resilience/onlineManager.js";
import { resolveLensOptions } from "./resolveLensOptions.js";
import type { CallRecord } from "./telemetry/callRecord.js";
import { Diagnostics, type DiagnosticsSnapshot } from "./telemetry/diagnostics.js";
import { createRedactor } from "./telemetry/redact.js";
import { SDK_NAME, SDK_VERSION } from "./version.js";

/** A client `instrument()` accepts: any of the three official Convex clients. */
export type InstrumentableClient = ConvexReactClient | ConvexClient | ConvexHttpClient;

/** Manual control of one breaker. */
export interface BreakerHandle {
  /** Forces the breaker open (calls fail fast with CIRCUIT_OPEN) until `reset()`. */
  isolate(): void;
  /** Forces the breaker closed and forgets its counts. */
  reset(): void;
  snapshot(): BreakerSnapshot;
}

/** The SDK's client-side fault injection; works against any deployment. */
export interface LensFaults {
  /** Replaces the fault configuration; bad input throws a CONFIGURATION error. */
  set(config: FaultConfig): void;
  clear(): void;
  get(): FaultConfig;
}

/** One lens: the policies, breakers, faults and telemetry shared by the clients it instruments. */
export interface Lens {
  /** Instruments a Convex client in place and returns it, with the same type and identity. */
  instrument<C extends InstrumentableClient>(client: C): C;
  /** Every breaker's state. */
  breakers(): BreakerSnapshot[];
  /** The breaker of `scope` (a `module:function` path, or a deployment host); created if needed. */
  breaker(scope: string): BreakerHandle;
  readonly faults: LensFaults;
  /** Whether the browser is online, and a way to follow it. */
  readonly online: Pick<
    OnlineManager,
    "isOnline" | "subscribe" | "isConnected" | "subscribeConnection"
  >;
  /** Calls a listener once per finished call; returns the unsubscribe function. */
  onCall(listener: (record: CallRecord) => void): () => void;
  /** Telemetry failures the lens swallowed to keep the app running. */
  diagnostics(): DiagnosticsSnapshot;
  /** Restores the instrumented clients' methods and releases listeners. Calls in flight finish. */
  shutdown(): Promise<void>;
}

const owners = new WeakMap<object, Lens>();

/** Creates a lens. Invalid options throw a CONFIGURATION error naming the option. */
export function createLens(options: LensOptions = {}): Lens {
  const clock: Clock = systemClock;
  const resolved = resolveLensOptions(options, clock);
  const diagnostics = new Diagnostics();
  const online = createOnlineManager();
  const faults = new FaultInjector();
  faults.onChange((config) => online.setForcedOffline(config.offline === true));
  const breakerDefaults = resolved.base.breaker === false ? null : resolved.base.breaker;
  const rt: LensRuntime = {
    tracer: (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SDK_NAME, SDK_VERSION),
    diagnostics,
    policies: new PolicyResolver(resolved.base),
    breakers: new BreakerRegistry(breakerDefaults, clock, diagnostics),
    bulkheads: new Map(),
    faults,
    online,
    budget: resolved.budget,
    clock,
    capture:
      resolved.capture && (resolved.capture.args || resolved.capture.results)
        ? {
            args: resolved.capture.args === true,
            results: resolved.capture.results === true,
            redactor: createRedactor(resolved.capture),
          }
        : null,
    onCall: new Set(),
  };
  const restorers: (() => void)[] = [];

  const lens: Lens = {
    instrument(client) {
      const owner = owners.get(client);
      if (owner === lens) return client;
      if (owner) {
        throw new ConfigurationError({
          message: "This Convex client is already instrumented by another lens.",
        });
      }
      restorers.push(attach(rt, client));
      owners.set(client, lens);
      return client;
    },
    breakers: () => rt.breakers.snapshots(),
    breaker(scope) {
      const breaker = rt.breakers.get(scope);
      if (!breaker) {
        throw new ConfigurationError({
          message: `No breaker for "${scope}": breakers are off or too many exist.`,
        });
      }
      return {
        isolate: () => breaker.isolate(),
        reset: () => breaker.reset(),
        snapshot: () => breaker.snapshot(),
      };
    },
    faults: {
      set(config) {
        try {
          faults.set(validateFaultConfig(config));
        } catch (error) {
          throw new ConfigurationError({
            message: `Invalid fault configuration: ${error instanceof Error ? error.message : String(error)}`,
            cause: error,
          });
        }
      },
      clear: () => faults.clear(),
      get: () => faults.get(),
    },
    online,
    onCall(listener) {
      rt.onCall.add(listener);
      return () => rt.onCall.delete(listener);
    },
    diagnostics: () => diagnostics.snapshot(),
    async shutdown() {
      for (const restore of restorers.splice(0)) restore();
      rt.onCall.clear();
      online.dispose();
    },
  };
  return lens;
}

function attach(rt: LensRuntime, client: InstrumentableClient): () => void {
  const shape = client as unknown as Record<string, unknown>;
  if (typeof shape.watchQuery === "function" && typeof shape.watchPaginatedQuery === "function") {
    return instrumentReactClient(rt, client as ConvexReactClient);
  }
  if (typeof shape.onUpdate === "function" && "disabled" in shape) {
    const browser = client as ConvexClient;
    const restore = instrumentBrowserClient(rt, browser);
    const removeSource = browser.disabled
      ? () => {}
      : rt.online.addConnectionSource(convexConnectionSource(browser));
    return () => {
      removeSource();
      restore();
    };
  }
  if (typeof shape.consistentQuery === "function" && typeof shape.mutation === "function") {
    return instrumentHttpClient(rt, client as ConvexHttpClient);
  }
  throw new ConfigurationError({
    message:
      "instrument() expects a ConvexReactClient, ConvexClient or ConvexHttpClient from the convex package.",
  });
}
