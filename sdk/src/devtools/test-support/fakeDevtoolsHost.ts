import { type Mock, vi } from "vitest";
import { systemClock } from "../../core/clock.js";
import { BreakerRegistry } from "../../instrument/breakerRegistry.js";
import { defaultBreakerOptions } from "../../resilience/breaker.js";
import { FaultInjector, validateFaultConfig } from "../../resilience/faultInjector.js";
import { createOnlineManager } from "../../resilience/onlineManager.js";
import { type CallRecord, NO_ATTEMPTS, NO_EVENTS } from "../../telemetry/callRecord.js";
import { Diagnostics } from "../../telemetry/diagnostics.js";
import type { PageWindow } from "../bridge.js";
import type {
  DevtoolsCommandHandlers,
  DevtoolsFunctionMetrics,
  DevtoolsHealthReport,
  DevtoolsHost,
} from "../devtoolsHost.js";
import { type PageMessage, validateMessage, type WireItem } from "../protocol.js";
import { FakeMessageChannel } from "./fakeMessageChannel.js";

/** A finished call record; override any field. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    name: "query messages:list",
    functionPath: "messages:list",
    kind: "query",
    transport: "websocket",
    serverAddress: "127.0.0.1:3210",
    startedAt: 1_700_000_000_000,
    durationMs: 5,
    attempts: 1,
    attemptDetails: NO_ATTEMPTS,
    events: NO_EVENTS,
    error: null,
    traceId: "00000000000000000000000000000000",
    spanId: "0000000000000000",
    faultInjected: false,
    subscription: false,
    ...overrides,
  };
}

/**
 * A DevtoolsHost over the SDK's real breakers, fault injector and online manager, with hand-driven
 * calls, health and metrics, the way `createLens` wires it.
 */
export class FakeDevtoolsHost implements DevtoolsHost {
  readonly diagnostics = new Diagnostics();
  readonly registry = new BreakerRegistry(defaultBreakerOptions, systemClock, this.diagnostics);
  readonly injector = new FaultInjector();
  readonly onlineManager = createOnlineManager({});
  readonly online = this.onlineManager;
  readonly errors: unknown[] = [];
  healthReport: DevtoolsHealthReport = { status: "healthy", at: 1, checks: [] };
  functionMetrics: DevtoolsFunctionMetrics[] = [];
  private readonly callListeners = new Set<(record: CallRecord) => void>();
  private readonly healthListeners = new Set<
    (report: DevtoolsHealthReport, previous: DevtoolsHealthReport | undefined) => void
  >();
  readonly commands: DevtoolsCommandHandlers & { clear: Mock<() => void> } = {
    clear: vi.fn<() => void>(),
    setFaults: (config: unknown) => this.injector.set(validateFaultConfig(config)),
    clearFaults: () => this.injector.clear(),
    isolateBreaker: (scope: string) => this.registry.get(scope)?.isolate(),
    resetBreaker: (scope: string) => this.registry.get(scope)?.reset(),
    setOffline: (offline: boolean) => this.injector.set({ ...this.injector.get(), offline }),
  };

  constructor() {
    this.injector.onChange((config) =>
      this.onlineManager.setForcedOffline(config.offline === true),
    );
  }

  onCall(listener: (record: CallRecord) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }
  onBreakerChange(listener: Parameters<DevtoolsHost["onBreakerChange"]>[0]): () => void {
    return this.registry.onTransition(listener);
  }
  breakers() {
    return this.registry.snapshots();
  }
  faults() {
    return this.injector.get();
  }
  onFaultsChange(listener: Parameters<NonNullable<DevtoolsHost["onFaultsChange"]>>[0]): () => void {
    return this.injector.onChange(listener);
  }
  health(): DevtoolsHealthReport {
    return this.healthReport;
  }
  onHealthChange(
    listener: (report: DevtoolsHealthReport, previous: DevtoolsHealthReport | undefined) => void,
  ): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }
  metrics(): readonly DevtoolsFunctionMetrics[] {
    return this.functionMetrics;
  }
  reportError(error: unknown): void {
    this.errors.push(error);
  }

  /** Finishes a call, as the instrumented client would. */
  emitCall(record: CallRecord = callRecord()): void {
    for (const listener of this.callListeners) listener(record);
  }
  /** Changes health, as the health model would. */
  emitHealth(report: DevtoolsHealthReport): void {
    const previous = this.healthReport;
    this.healthReport = report;
    for (const listener of this.healthListeners) listener(report, previous);
  }
  get listenerCount(): number {
    return this.callListeners.size + this.healthListeners.size;
  }
}

/**
 * A window that records what the bridge posts (structured-cloned, as a browser would) and
 * delivers messages to it, plus the content script's end of each private channel it opens.
 * `items()` runs every posted message through the protocol's validator, so a test also proves
 * that the bridge only ever sends valid messages.
 */
export class FakePage implements PageWindow {
  readonly location: { origin: string; href: string };
  /** What the bridge posted, to the window or over a channel, in order. */
  readonly posted: PageMessage[] = [];
  /** For each of `posted`: where it went. */
  readonly via: ("window" | "port")[] = [];
  readonly targetOrigins: string[] = [];
  /** Throws like a DataCloneError when this returns true for a batch. */
  refuse: (message: PageMessage) => boolean = () => false;
  private readonly listeners = new Set<(event: MessageEvent) => void>();

  constructor(origin = "http://127.0.0.1:5173") {
    this.location = { origin, href: `${origin}/app` };
  }

  postMessage(message: unknown, targetOrigin: string): void {
    if (this.refuse(message as PageMessage)) {
      throw new DOMException("could not be cloned", "DataCloneError");
    }
    this.targetOrigins.push(targetOrigin);
    this.posted.push(structuredClone(message) as PageMessage);
    this.via.push("window");
  }
  addEventListener(_type: "message", listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: "message", listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Delivers a message as if posted to this window by `source` (this window by default), with
   * `ports` transferred along.
   */
  deliver(data: unknown, source: unknown = this, ports: readonly unknown[] = []): void {
    for (const listener of [...this.listeners]) {
      listener({ data: structuredClone(data), source, ports } as unknown as MessageEvent);
    }
  }

  /**
   * A new private channel whose content-script end (port1) records into `posted`, as the content
   * script makes one for each hello. Hand `port2` to the bridge in a hello.
   */
  openChannel(): FakeMessageChannel {
    const channel = new FakeMessageChannel();
    channel.port1.addEventListener("message", (event) => {
      this.posted.push(event.data as PageMessage);
      this.via.push("port");
    });
    channel.port1.start();
    return channel;
  }

  /** Every item posted so far, each message checked by the validator. */
  items(): WireItem[] {
    const out: WireItem[] = [];
    for (const message of this.posted) {
      const result = validateMessage(message);
      if (!result.ok) throw new Error(`the bridge posted an invalid message: ${result.reason}`);
      if (result.droppedItems > 0)
        throw new Error(`the validator dropped ${result.droppedItems} items`);
      out.push(...(result.message as PageMessage).batch);
    }
    return out;
  }

  /** The `seq` of every call posted so far, in order. */
  callSeqs(): number[] {
    return this.items().flatMap((item) => (item.type === "call" ? [item.seq] : []));
  }
}
