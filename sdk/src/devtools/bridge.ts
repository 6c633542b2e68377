import { createRedactor } from "../telemetry/redact.js";
import { SDK_VERSION } from "../version.js";
import { answerCommand, changesFaults } from "./bridgeCommands.js";
import { BridgeOutbox } from "./bridgeOutbox.js";
import { type BridgePort, holdBridgePort, releaseBridgePort } from "./bridgePort.js";
import type {
  DevtoolsBreakerSettings,
  DevtoolsHost,
  DevtoolsInflightTracking,
} from "./devtoolsHost.js";
import type { DevtoolsSettings } from "./devtoolsSettings.js";
import { EventHistory } from "./eventHistory.js";
import {
  BREAKER,
  CALL,
  CONNECTION,
  type ConnectionChange,
  FAULTS,
  type FaultsChange,
  HEALTH,
  type HealthChange,
  SERIALISED,
  SPAN,
  STATE_EVENT_BYTES,
  toWireHistoryItem,
} from "./historyItem.js";
import { inflightFingerprint, toWireInflightCalls } from "./inflightSnapshot.js";
import {
  DEVTOOLS_SOURCE,
  type DevtoolsCommand,
  type DevtoolsMessage,
  hasProtocolTag,
  isPageMessage,
  validateDevtoolsMessage,
  type WireItem,
  type WireSession,
} from "./protocol.js";
import {
  callEntry,
  DEVTOOLS_BUFFER_BYTES,
  estimateBytes,
  type RingEntry,
  spanEntry,
} from "./ringEntry.js";
import { type ReadableSpanLike, registerSpanSink } from "./spanProcessor.js";
import { breakersFingerprint, healthFingerprint } from "./stateFingerprint.js";
import { subscriptionsFingerprint, toWireSubscriptions } from "./subscriptionsSnapshot.js";
import {
  toWireBreakers,
  toWireFaultConfig,
  toWireHealth,
  toWireMetrics,
  toWireUnattributedLog,
} from "./wireSerializer.js";

/** Milliseconds between flushes while a panel is connected (React DevTools batches at 100 ms). */
export const BRIDGE_FLUSH_MS = 100;
/** Items per posted message; reaching it flushes at once instead of waiting for the timer. */
export const BRIDGE_BATCH_MAX = 500;
/**
 * State is looked at this often while a panel is connected: breakers, metrics and health are sent
 * after activity, and health and breakers also when time alone changed them (an outage goes on,
 * an open breaker goes half-open); subscriptions and calls in flight when they changed.
 */
export const BRIDGE_STATE_INTERVAL_MS = 1_000;

/**
 * The window the bridge hears hello through (and posts its start-up announcement to); the real
 * `window` in a browser, a fake in tests. A hello brings the private port everything else uses.
 */
export interface PageWindow {
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  readonly location: { readonly origin: string; readonly href: string };
}

/** Counters that show whether the bridge is keeping up; for tests, benchmarks and diagnostics. */
export interface BridgeStats {
  /** A panel is connected and events flow. */
  readonly active: boolean;
  /** Events held in the history now. */
  readonly buffered: number;
  /** Bytes the history holds now, by its own estimate; at most about {@link DEVTOOLS_BUFFER_BYTES}. */
  readonly bufferedBytes: number;
  /** Events overwritten before any panel received them (so far, and pending). */
  readonly dropped: number;
  /** Messages posted, over the private port or (without one) to the window. */
  readonly posted: number;
  /** Messages go over the content script's private port; false: through `window.postMessage`. */
  readonly overPort: boolean;
  /** `postMessage` calls that threw (e.g. DataCloneError); their items were retried one by one. */
  readonly postFailures: number;
  /** Items that could not be serialised or cloned, and were left out. */
  readonly itemFailures: number;
  /** Commands received, and refused because commands are not allowed. */
  readonly commands: number;
  readonly commandsRefused: number;
}

/** The page side of the DevTools protocol for one lens. */
export interface DevtoolsBridge {
  /** Changes on every page load; the panel keys its history by it. */
  readonly sessionId: string;
  /** Records a finished non-Convex span; called by the DevTools span processor. */
  recordSpan(span: ReadableSpanLike): void;
  stats(): BridgeStats;
  /** Stops listening and releases the history. */
  dispose(): void;
}

/**
 * Starts the bridge, or returns null when it is turned off or there is no window (Node, workers).
 *
 * Dormant until the extension's content script says hello, which it does only while a Convex
 * panel is open for the tab. While dormant, each event costs one array write (a reference into a
 * bounded history, nothing serialised, nothing posted) and no timer runs. The one exception is a
 * single `session` announcement when the bridge starts, so that a panel that is already open
 * learns that the page (re)loaded. While active, events are serialised and posted in batches:
 * every {@link BRIDGE_FLUSH_MS}, or at once when {@link BRIDGE_BATCH_MAX} are waiting.
 *
 * The content script's hello transfers a `MessagePort`; from then on batches, answers, commands
 * and bye use that port, so the page's other `message` listeners (the app's, and this bridge's
 * own) never receive the batches. A hello without a port (an extension from before the port)
 * makes the bridge post to the window as it used to.
 */
export function createDevtoolsBridge(
  host: DevtoolsHost,
  settings: DevtoolsSettings,
  page: PageWindow | undefined = globalWindow(),
): DevtoolsBridge | null {
  if (!settings.enabled || page === undefined) return null;
  const history = new EventHistory(settings.bufferSize, DEVTOOLS_BUFFER_BYTES);
  const redactor = host.redactor ?? createRedactor();
  const sessionId = newSessionId();
  const startedAt = Date.now();
  const origin = page.location.origin;
  // An opaque origin ("null": file://, sandboxed frames) is not a valid targetOrigin; the message
  // goes to this same window either way.
  const targetOrigin = origin === "null" || origin === "" ? "*" : origin;

  let active = false;
  let disposed = false;
  let stateTimer: ReturnType<typeof setInterval> | null = null;
  let activitySinceState = false;
  // What the last health and breakers snapshots showed; between activity, a new one goes out only
  // when it changes.
  let healthSent: string | null = null;
  let breakersSent: string | null = null;
  // What the last subscriptions snapshot sent showed; a new one goes out only when it changes.
  let subscriptionsSent: string | null = null;
  // The calls in flight, tracked from the bridge's start, so a panel opened on a page that looks
  // stuck lists the calls begun before it; what their last snapshot showed.
  let inflight: DevtoolsInflightTracking | null = null;
  let inflightSent: string | null = null;
  let commands = 0;
  let commandsRefused = 0;

  const report = (error: unknown): void => {
    try {
      host.reportError(error);
    } catch {
      // Reporting must not fail the bridge either.
    }
  };

  const outbox = new BridgeOutbox({
    history,
    sessionId,
    postToWindow: (message) => page.postMessage(message, targetOrigin),
    toItem: (kind, item, seq) => toWireHistoryItem(kind, item, seq, redactor),
    report,
    isOpen: () => active && !disposed,
    flushMs: BRIDGE_FLUSH_MS,
    batchMax: BRIDGE_BATCH_MAX,
  });

  const sessionItem = (dropped: number, announce = false): WireSession => ({
    type: "session",
    sessionId,
    startedAt,
    url: page.location.href,
    sdkVersion: SDK_VERSION,
    commandsAllowed: settings.allowCommands,
    bufferSize: settings.bufferSize,
    dropped,
    ...(announce ? { announce } : {}),
  });

  // Current state (not history): sent after every hello and, while active, after activity.
  const queueSnapshots = (): void => {
    const at = Date.now();
    const guarded = (build: () => WireItem | null): void => {
      try {
        const item = build();
        if (item !== null) outbox.queueState(item);
      } catch (error) {
        outbox.failedItem(error);
      }
    };
    guarded(() => {
      const snapshots = host.breakers();
      breakersSent = breakersFingerprint(snapshots);
      return toWireBreakers(snapshots, at, breakerSettings);
    });
    guarded(() => {
      if (!host.health) return null;
      const report = host.health();
      healthSent = healthFingerprint(report);
      return toWireHealth(report);
    });
    guarded(() => (host.metrics ? toWireMetrics(host.metrics(), at) : null));
  };

  // No call finishes while the socket is down, yet health changes each second ("disconnected for
  // 8 s", then 16 s) and an open breaker goes half-open by time: looked at on every tick, sent
  // when changed.
  const queueTimedStateIfChanged = (): boolean => {
    let changed = false;
    try {
      const snapshots = host.breakers();
      const fingerprint = breakersFingerprint(snapshots);
      if (fingerprint !== breakersSent) {
        breakersSent = fingerprint;
        outbox.queueState(toWireBreakers(snapshots, Date.now(), breakerSettings));
        changed = true;
      }
    } catch (error) {
      outbox.failedItem(error);
    }
    if (!host.health) return changed;
    try {
      const report = host.health();
      const fingerprint = healthFingerprint(report);
      if (fingerprint !== healthSent) {
        healthSent = fingerprint;
        outbox.queueState(toWireHealth(report));
        changed = true;
      }
    } catch (error) {
      outbox.failedItem(error);
    }
    return changed;
  };

  // Subscription updates make no calls, so they are looked at on every state tick, not after activity.
  const queueSubscriptionsIfChanged = (): boolean => {
    if (!host.subscriptions) return false;
    try {
      const subscriptions = host.subscriptions();
      const { online, connected } = connectionNow();
      const pausedBy = !online ? "offline" : !connected ? "disconnected" : null;
      const fingerprint = subscriptionsFingerprint(subscriptions, pausedBy);
      if (fingerprint === subscriptionsSent) return false;
      subscriptionsSent = fingerprint;
      outbox.queueState(toWireSubscriptions(subscriptions, Date.now(), pausedBy, redactor));
      return true;
    } catch (error) {
      outbox.failedItem(error);
      return false;
    }
  };

  // Calls in flight change without finishing anything, so they too are looked at on every tick.
  const queueInflightIfChanged = (): boolean => {
    if (inflight === null) return false;
    try {
      const calls = inflight.calls();
      const fingerprint = inflightFingerprint(calls);
      if (fingerprint === inflightSent) return false;
      inflightSent = fingerprint;
      outbox.queueState(toWireInflightCalls(calls, Date.now()));
      return true;
    } catch (error) {
      outbox.failedItem(error);
      return false;
    }
  };

  const recordConnection = (): void => {
    let online = true;
    let connected = true;
    try {
      online = host.online.isOnline();
      connected = host.online.isConnected();
    } catch (error) {
      report(error);
    }
    history.push(
      CONNECTION,
      { at: Date.now(), online, connected } satisfies ConnectionChange,
      STATE_EVENT_BYTES,
    );
    outbox.scheduleFlush();
  };

  const recordFaults = (): void => {
    try {
      history.push(
        FAULTS,
        { at: Date.now(), config: host.faults() } satisfies FaultsChange,
        STATE_EVENT_BYTES,
      );
    } catch (error) {
      report(error);
    }
    outbox.scheduleFlush();
  };

  const activate = (session: string | undefined, since: number | undefined): void => {
    // Resume after what the extension already holds, when it holds this session; else send all.
    let from = history.firstSeq - 1;
    if (session === sessionId && since !== undefined) {
      from = Math.min(Math.max(since, from), history.lastSeq);
    }
    // What this panel will never see, for its "N older events were not kept" notice.
    const dropped = history.lostAfter(session === sessionId && since !== undefined ? since : 0);
    outbox.resume(from);
    active = true;
    outbox.queueState(sessionItem(dropped));
    outbox.queueState({ type: "connection", at: Date.now(), ...connectionNow() });
    try {
      outbox.queueState({
        type: "faults",
        at: Date.now(),
        config: toWireFaultConfig(host.faults()),
      });
    } catch (error) {
      report(error);
    }
    queueSnapshots();
    subscriptionsSent = null;
    queueSubscriptionsIfChanged();
    inflightSent = null;
    queueInflightIfChanged();
    activitySinceState = false;
    if (stateTimer === null) {
      stateTimer = setInterval(() => {
        let changed = queueSubscriptionsIfChanged();
        changed = queueInflightIfChanged() || changed;
        if (activitySinceState) {
          activitySinceState = false;
          queueSnapshots();
          changed = true;
        } else {
          changed = queueTimedStateIfChanged() || changed;
        }
        if (changed) outbox.flushSoon();
      }, BRIDGE_STATE_INTERVAL_MS);
    }
    outbox.flushSoon();
  };

  // One breaker's settings failing to read leaves that breaker without them, not the snapshot.
  const breakerSettings = (scope: string): DevtoolsBreakerSettings | null => {
    try {
      return host.breakerSettings?.(scope) ?? null;
    } catch (error) {
      report(error);
      return null;
    }
  };

  const connectionNow = (): { online: boolean; connected: boolean } => {
    try {
      return { online: host.online.isOnline(), connected: host.online.isConnected() };
    } catch (error) {
      report(error);
      return { online: true, connected: true };
    }
  };

  const deactivate = (): void => {
    active = false;
    outbox.stop();
    if (stateTimer !== null) clearInterval(stateTimer);
    stateTimer = null;
  };

  const runCommand = (id: string, command: DevtoolsCommand): void => {
    commands++;
    if (!settings.allowCommands) commandsRefused++;
    const result = answerCommand(id, command, host.commands, history, settings.allowCommands);
    // The answer goes out at once, whether or not a hello arrived first.
    outbox.post([result]);
    if (active) {
      if (changesFaults(command) && host.onFaultsChange === undefined) recordFaults();
      queueSnapshots();
      outbox.flushSoon();
    }
  };

  // Replaces the private port (each hello brings a new one; the content script has already closed
  // its end of the old one). null: post to the window.
  const switchPort = (port: BridgePort | null): void => {
    if (port === outbox.port) return;
    const old = outbox.port;
    outbox.port = null;
    if (old !== null) {
      old.removeEventListener("message", onPortMessage);
      try {
        releaseBridgePort(old);
      } catch (error) {
        report(error);
      }
    }
    if (port === null) return;
    port.addEventListener("message", onPortMessage);
    holdBridgePort(port);
    outbox.port = port;
  };

  // Everything that arrives, through the window or the port, is untrusted: a page script can
  // post to the window, and can take the port from the hello event as this bridge does.
  const receive = (event: MessageEvent, fromWindow: boolean): void => {
    if (disposed) return;
    const data: unknown = event.data;
    if (!hasProtocolTag(data, DEVTOOLS_SOURCE)) return;
    const result = validateDevtoolsMessage(data);
    if (!result.ok || isPageMessage(result.message)) return;
    const message: DevtoolsMessage = result.message;
    try {
      if (message.type === "hello") {
        // Read `ports` defensively: an event built by hand (tests, old callers) may lack it.
        const port = (event.ports as readonly MessagePort[] | undefined)?.[0];
        if (fromWindow || port !== undefined) switchPort(port ?? null);
        activate(message.session, message.since);
      } else if (fromWindow && outbox.port !== null) {
        // With a private port open, bye and commands come through it; one path at a time.
        return;
      } else if (message.type === "bye") deactivate();
      else runCommand(message.id, message.command);
    } catch (error) {
      report(error);
    }
  };

  const onMessage = (event: MessageEvent): void => {
    // Only this window's own messages: the content script posts to the page's window.
    if (event.source !== (page as unknown)) return;
    receive(event, true);
  };

  function onPortMessage(event: MessageEvent): void {
    receive(event, false);
  }

  // Calls that failed or logged, and the app's spans, are kept as capped copies (ringEntry.ts).
  const record = (entry: (seq: number) => RingEntry, kind: number): void => {
    try {
      const { item, serialised, bytes } = entry(history.lastSeq + 1);
      history.push(serialised ? SERIALISED : kind, item, bytes);
    } catch (error) {
      outbox.failedItem(error);
    }
  };

  const unsubscribers: (() => void)[] = [];
  const subscribe = (add: () => (() => void) | undefined): void => {
    try {
      const unsubscribe = add();
      if (unsubscribe !== undefined) unsubscribers.push(unsubscribe);
    } catch (error) {
      report(error);
    }
  };
  subscribe(() =>
    host.onCall((call) => {
      record((seq) => callEntry(call, seq, redactor), CALL);
      if (active) {
        activitySinceState = true;
        outbox.scheduleFlush();
      }
    }),
  );
  subscribe(() =>
    host.onBreakerChange((transition) => {
      history.push(BREAKER, transition, STATE_EVENT_BYTES);
      if (active) {
        activitySinceState = true;
        outbox.scheduleFlush();
      }
    }),
  );
  // Called as methods (`host.x?.()`): a host may be a class instance that needs its `this`.
  subscribe(() =>
    host.onHealthChange?.((reportNow, previous) => {
      history.push(
        HEALTH,
        { report: reportNow, previous } satisfies HealthChange,
        STATE_EVENT_BYTES,
      );
      outbox.scheduleFlush();
    }),
  );
  subscribe(() => {
    const tracking = host.trackInflight?.();
    if (tracking === undefined) return undefined;
    inflight = tracking;
    return () => {
      inflight = null;
      tracking.stop();
    };
  });
  subscribe(() => host.online.subscribe(recordConnection));
  subscribe(() => host.online.subscribeConnection(recordConnection));
  subscribe(() => host.onFaultsChange?.(recordFaults));
  // Kept as its redacted, capped protocol item: a server may log megabytes.
  subscribe(() =>
    host.onUnattributedLog?.((line) => {
      record((seq) => {
        const item = toWireUnattributedLog(line, seq, redactor);
        return { item, serialised: true, bytes: estimateBytes(item) };
      }, SERIALISED);
      outbox.scheduleFlush();
    }),
  );

  const bridge: DevtoolsBridge = {
    sessionId,
    recordSpan(span) {
      record((seq) => spanEntry(span, seq, redactor), SPAN);
      outbox.scheduleFlush();
    },
    stats: () => ({
      active,
      buffered: history.size,
      bufferedBytes: history.retainedBytes,
      dropped: outbox.dropped,
      posted: outbox.posted,
      overPort: outbox.port !== null,
      postFailures: outbox.postFailures,
      itemFailures: outbox.itemFailures,
      commands,
      commandsRefused,
    }),
    dispose() {
      if (disposed) return;
      deactivate();
      disposed = true;
      page.removeEventListener("message", onMessage);
      switchPort(null);
      unregisterSink();
      for (const unsubscribe of unsubscribers.splice(0)) {
        try {
          unsubscribe();
        } catch (error) {
          report(error);
        }
      }
      history.clear();
    },
  };

  page.addEventListener("message", onMessage);
  const unregisterSink = registerSpanSink(bridge);
  // The one message a dormant bridge sends: "a page with Convex Lens is here". An open panel
  // answers it with hello (and its port); with no panel open, the content script drops it. It goes
  // to the window: no port exists yet.
  outbox.post([sessionItem(0, true)]);
  return bridge;
}

function newSessionId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function globalWindow(): PageWindow | undefined {
  const candidate = globalThis as unknown as Partial<PageWindow> & { window?: unknown };
  if (candidate.window !== globalThis) return undefined;
  if (
    typeof candidate.postMessage !== "function" ||
    typeof candidate.addEventListener !== "function"
  ) {
    return undefined;
  }
  return candidate as PageWindow;
}
