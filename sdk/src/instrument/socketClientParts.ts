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
import { serverAddressOf } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import { type LoggerLike, tapLogger } from "./loggerTap.js";
import { tapRequestLogs } from "./requestLogTap.js";
import { sendThrough, sendTraced } from "./sendTraced.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { SocketGate } from "./socketGate.js";
import { SocketReadiness } from "./socketReadiness.js";
import { SubscriptionHub } from "./subscriptionHub.js";

/** A client's own `query`, `mutation` or `action`. */
export type ClientMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * What both WebSocket adapters (reactClient.ts, browserClient.ts) build around one official
 * client: its server log routing, its subscription hub, its call sites (mutation timeouts on a
 * clock that stands still while the socket is down, connectedClock.ts) and the gate on its
 * socket (socketGate.ts). Each adapter patches its own methods on top.
 */
export class SocketClientParts {
  readonly logs = new ServerLogRouter();
  readonly hub: SubscriptionHub;
  private readonly rt: LensRuntime;
  private readonly client: object;
  private readonly socket = new SocketReadiness();
  private readonly connected: ConnectedClock;
  private readonly gate: SocketGate;
  private readonly sites: CallSites;
  private readonly untap: () => void;
  private readonly unfollowLogs: () => void;
  /** Stops following the socket; undefined until followed. */
  private stopFollowing: (() => void) | undefined;
  /** Stops counting the socket for health and `ready`; undefined until followed. */
  private removeSource: (() => void) | undefined;
  /** How many `query()` calls are running: the subscription each builds on passes through. */
  private queriesRunning = 0;

  constructor(rt: LensRuntime, client: object, url: string | undefined, logger?: LoggerLike) {
    this.rt = rt;
    this.client = client;
    this.unfollowLogs = rt.unattributed.follow(this.logs);
    this.untap =
      logger && typeof logger.log === "function"
        ? tapLogger(logger, this.logs, rt.diagnostics)
        : () => {};
    this.hub = new SubscriptionHub(rt, this.logs, this.socket);
    rt.hubs.add(this.hub);
    this.connected = new ConnectedClock(rt.clock);
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
   * mutation clock; its request manager, which tells which request a response's log lines are
   * for; and the gate, so injected latency and simulated offline act at the socket as the real
   * faults do. `baseClient` gives the client's `BaseConvexClient`, read only then. A client that
   * has been let go of ({@link unfollow}) is never followed again.
   */
  follow(client: ConvexConnectionStateClient, baseClient: () => unknown): void {
    if (this.stopFollowing) return;
    const rt = this.rt;
    this.removeSource = rt.online.addConnectionSource(convexConnectionSource(client));
    const unfollowClock = followConnection(client, this.connected);
    const unfollowSocket = this.socket.follow(client);
    const base = baseClient();
    const untapRequests = tapRequestLogs(base, this.logs, rt.diagnostics);
    const ungate = this.gate.install(base);
    this.stopFollowing = () => {
      this.removeSource?.();
      unfollowClock();
      unfollowSocket();
      untapRequests();
      ungate();
    };
  }

  /** Stops following the socket for good. */
  unfollow(): void {
    this.stopFollowing?.();
    this.stopFollowing = () => {};
  }

  /** Stops counting the socket for health and `ready` (the client closed: it is gone for good). */
  stopCounting(): void {
    this.removeSource?.();
  }

  /**
   * The instrumented `method` of kind `kind`: each call goes through executeCall. A mutation's or
   * action's server log lines go to the call that sent it; a query builds on the client's own
   * subscription, which passes through ({@link querying}) so one call is one span. Arguments after
   * the function's own are passed on as they came. `beforeCall` runs first (a lazy follow).
   */
  call(kind: FunctionKind, method: ClientMethod, beforeCall?: () => void): ClientMethod {
    const rt = this.rt;
    const client = this.client;
    return (reference, ...rest) => {
      beforeCall?.();
      const site = this.site(reference, kind);
      const send = sendThrough(method, client, reference, rest);
      return executeCall(rt, site, rest[0], (sink) =>
        sendTraced(rt, site, sink, rest[0], (sent) => {
          if (kind !== "query") return this.logs.sending(sink, () => send(sent));
          this.queriesRunning++;
          try {
            return send(sent);
          } finally {
            this.queriesRunning--;
          }
        }),
      );
    };
  }

  /** Lets go of everything but the patched methods: subscriptions, taps and the socket. */
  release(): void {
    this.rt.hubs.delete(this.hub);
    this.hub.closeAll();
    this.untap();
    this.unfollowLogs();
    this.stopFollowing?.();
  }
}
