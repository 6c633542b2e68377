import type { FunctionKind } from "../core/callTarget.js";
import { DeadlineWheel } from "../resilience/deadlineWheel.js";
import {
  type ConvexConnectionStateClient,
  convexConnectionSource,
} from "../resilience/onlineManager.js";
import type { CallSite } from "./callSite.js";
import { CallSites } from "./callSites.js";
import { ConnectedClock, followConnection } from "./connectedClock.js";
import { executeCall } from "./executeCall.js";
import { followClientLogs } from "./followClientLogs.js";
import { serverAddressOf } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { LoggerLike } from "./loggerTap.js";
import { patchMethods } from "./patchMethods.js";
import { tapRequestLogs } from "./requestLogTap.js";
import { sendThrough, sendTraced } from "./sendTraced.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { SocketGate } from "./socketGate.js";
import { SubscriptionHub } from "./subscriptionHub.js";

/** A client's own `query`, `mutation` or `action`. */
export type ClientMethod = (...args: unknown[]) => Promise<unknown>;

/** What both WebSocket clients have: a `close()` that ends the socket for good. */
export interface ClosableClient {
  close(): Promise<void>;
}

/**
 * What both WebSocket adapters (reactClient.ts, browserClient.ts) build around one official
 * client: its server log routing, its subscription hub, its call sites (mutation timeouts on a
 * clock that stands still while the socket is down, connectedClock.ts, which also times every
 * call's and subscription's wait for the socket), the gate on its socket
 * (socketGate.ts) and the `close` that lets go of it all ({@link patch}). Each adapter adds its
 * own subscription methods.
 */
export class SocketClientParts {
  readonly logs = new ServerLogRouter();
  readonly hub: SubscriptionHub;
  private readonly rt: LensRuntime;
  private readonly client: ClosableClient;
  private readonly connected: ConnectedClock;
  private readonly gate: SocketGate;
  private readonly sites: CallSites;
  private readonly stopLogs: () => void;
  /**
   * Stops following the socket (`closing`: for the client's close(), which ends the socket itself);
   * undefined until followed, a no-op once released.
   */
  private stopFollowing: ((closing: boolean) => void) | undefined;
  /** How many `query()` calls are running: the subscription each builds on passes through. */
  private queriesRunning = 0;

  constructor(
    rt: LensRuntime,
    client: ClosableClient,
    url: string | undefined,
    logger?: LoggerLike,
  ) {
    this.rt = rt;
    this.client = client;
    this.stopLogs = followClientLogs(rt, this.logs, logger);
    this.connected = new ConnectedClock(rt.clock);
    this.hub = new SubscriptionHub(rt, this.logs, this.connected);
    rt.hubs.add(this.hub);
    this.gate = new SocketGate(rt.faults, rt.online, rt.clock);
    this.sites = new CallSites(
      rt,
      "websocket",
      serverAddressOf(url),
      new DeadlineWheel(this.connected),
      this.gate,
    );
  }

  /** The call site of `reference` (a function reference or a path) called as `kind`. */
  site(reference: unknown, kind: FunctionKind): CallSite {
    return this.sites.get(reference, kind);
  }

  /** Whether a `query()` is running: the subscription it builds on is its own, not instrumented. */
  get querying(): boolean {
    return this.queriesRunning > 0;
  }

  /**
   * Starts following the client's socket, once: its connection for health, `ready` and the
   * connected clock (mutation timeouts, every call's wait for the socket); its request manager, which tells which request a response's log lines are
   * for; and the gate, so injected latency and simulated offline act at the socket as the real
   * faults do. `baseClient` gives the client's `BaseConvexClient`, read only then. A client that
   * has been let go of ({@link release}: closed, or restored) is never followed again.
   */
  follow(client: ConvexConnectionStateClient, baseClient: () => unknown): void {
    if (this.stopFollowing) return;
    const rt = this.rt;
    const removeSource = rt.online.addConnectionSource(convexConnectionSource(client));
    const unfollowClock = followConnection(client, this.connected);
    const base = baseClient();
    const untapRequests = tapRequestLogs(base, this.logs, rt.diagnostics);
    const ungate = this.gate.install(base);
    this.stopFollowing = (closing) => {
      removeSource();
      unfollowClock();
      untapRequests();
      ungate(closing);
    };
  }

  /**
   * The instrumented `method` of kind `kind`: each call goes through executeCall. A mutation's or
   * action's server log lines go to the call that sent it; a query builds on the client's own
   * subscription, which passes through ({@link querying}) so one call is one span. Arguments after
   * the function's own are passed on as they came. `beforeCall` runs first (a lazy follow). The
   * time a call waits for the socket is timed on the connected clock (its `connectMs`).
   */
  call(kind: FunctionKind, method: ClientMethod, beforeCall?: () => void): ClientMethod {
    const rt = this.rt;
    const client = this.client;
    return (reference, ...rest) => {
      beforeCall?.();
      const site = this.site(reference, kind);
      const send = sendThrough(method, client, reference, rest);
      return executeCall(
        rt,
        site,
        rest[0],
        (sink) =>
          sendTraced(rt, site, sink, rest[0], (sent) => {
            if (kind !== "query") return this.logs.sending(sink, () => send(sent));
            this.queriesRunning++;
            try {
              return send(sent);
            } finally {
              this.queriesRunning--;
            }
          }),
        this.connected,
      );
    };
  }

  /**
   * Patches `methods` onto the client, with a `close` that lets go first ({@link release}): a
   * closed client's socket is gone for good, not reconnecting, so health and `ready` stop counting
   * it, its subscriptions end and the lens's lists drop it. The patched methods stay until the
   * lens restores them. Returns the function that restores the client and lets go.
   */
  patch(methods: Readonly<Record<string, unknown>>): () => void {
    const client = this.client;
    const rawClose = client.close;
    const restore = patchMethods(client, {
      ...methods,
      close: (): Promise<void> => {
        this.release(true);
        this.rt.clientClosed(client);
        return rawClose.call(client);
      },
    });
    return () => {
      this.release(false);
      restore();
    };
  }

  /**
   * Lets go of everything but the patched methods, for good: subscriptions, log taps, the lens's
   * lists and the socket, which a held gate reconnects unless the client is `closing`. Calling it
   * again does nothing.
   */
  private release(closing: boolean): void {
    this.rt.hubs.delete(this.hub);
    this.hub.closeAll();
    this.stopLogs();
    this.stopFollowing?.(closing);
    this.stopFollowing = () => {};
  }
}
