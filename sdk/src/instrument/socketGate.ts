import type { Clock } from "../core/clock.js";
import type { FaultSource } from "../resilience/faultSource.js";
import type { OnlineManager } from "../resilience/onlineManager.js";
import { canonicalFunctionPath } from "./functionPath.js";

/** The client messages the gate reads (convex/src/browser/sync/protocol.ts, `ClientMessage`). */
interface ClientMessageLike {
  readonly type: string;
  readonly udfPath?: string;
  readonly modifications?: readonly { readonly type: string; readonly udfPath?: string }[];
}

/**
 * The part of the official client's `WebSocketManager` (convex/src/browser/sync/web_socket_manager.ts)
 * the gate drives: private in convex's types, runtime-visible on the `BaseConvexClient`.
 */
interface WebSocketManagerLike {
  sendMessage(message: ClientMessageLike): boolean;
  stop(): Promise<void>;
  tryRestart(): void;
  socket: { readonly state: string; readonly ws?: unknown; readonly paused?: string };
  scheduledReconnect?: { readonly timeout: unknown } | null;
}

interface Held {
  readonly message: ClientMessageLike;
  /** The WebSocket it was written to; a message of a socket that closed is dropped, not resent. */
  readonly ws: unknown;
  readonly dueAt: number;
}

/** A page that sends this many messages while delayed is flooding; they then go out in order at once. */
export const MAX_HELD_MESSAGES = 10_000;

/**
 * Makes client-side faults act at one WebSocket client's socket, as the real faults do (issue 15
 * §2), so the app sees an injected fault exactly as it would see the real one:
 *
 * - **Latency** holds each outgoing message that names an affected function (a mutation, an action,
 *   a subscription being added) for the injected delay, in order, as a slow network would. The
 *   client's own work stays immediate: an optimistic update applies when `mutation()` is called, and
 *   results arrive as late as the request went out. Subscriptions are delayed like calls.
 * - **Simulated offline** (and `lens.setOnline(false)`) stops the socket, as a dropped connection
 *   does: the client keeps its last results and reports itself disconnected, mutations wait in its
 *   queue with their optimistic updates applied, and when the hold ends it reconnects and sends
 *   them (its own `restart()`: the query set and every unacknowledged mutation).
 *
 * A message held past a reconnect is dropped: the client re-sends what matters on the new socket.
 * A client of another shape is left alone ({@link installed} stays false), and the call path then
 * delays and holds calls before sending them, as it does for HTTP.
 */
export class SocketGate {
  /** Whether the gate sits on the client's socket; read by the call path on every call. */
  installed = false;
  private readonly faults: FaultSource;
  private readonly online: OnlineManager;
  private readonly clock: Clock;
  private manager: WebSocketManagerLike | null = null;
  private send: WebSocketManagerLike["sendMessage"] | null = null;
  private restart: WebSocketManagerLike["tryRestart"] | null = null;
  private markDirty: () => void = () => {};
  private readonly queue: Held[] = [];
  private timer: unknown = undefined;
  private held = false;

  constructor(faults: FaultSource, online: OnlineManager, clock: Clock) {
    this.faults = faults;
    this.online = online;
    this.clock = clock;
  }

  /**
   * Sits on `baseClient`'s socket (the `BaseConvexClient`). Call it once the app uses the client: a
   * `ConvexReactClient` opens its socket lazily. Returns the function that takes the gate off, sending
   * what it holds and reconnecting a held socket, unless `closing`: the client's close() then ends
   * the socket, which must not open again on its way out.
   */
  install(baseClient: unknown): (closing?: boolean) => void {
    const manager = (baseClient as { webSocketManager?: Partial<WebSocketManagerLike> } | undefined)
      ?.webSocketManager;
    if (
      this.installed ||
      !manager ||
      typeof manager.sendMessage !== "function" ||
      typeof manager.stop !== "function" ||
      typeof manager.tryRestart !== "function" ||
      typeof manager.socket !== "object"
    ) {
      return () => {};
    }
    const whole = manager as WebSocketManagerLike;
    const send = whole.sendMessage;
    const restart = whole.tryRestart;
    const dirty = (baseClient as { markConnectionStateDirty?: unknown }).markConnectionStateDirty;
    this.manager = whole;
    this.send = send;
    this.restart = restart;
    // Tells `subscribeToConnectionState` listeners (a "Reconnecting" banner) that the socket stopped.
    if (typeof dirty === "function") this.markDirty = () => dirty.call(baseClient);
    const gate = this;
    const gatedSend: WebSocketManagerLike["sendMessage"] = function (this: unknown, message) {
      return gate.sendOrHold(message);
    };
    // The client restarts a stopped socket itself after an auth refresh; not while offline is held.
    const gatedRestart: WebSocketManagerLike["tryRestart"] = function (this: unknown) {
      if (!gate.held) restart.call(whole);
    };
    whole.sendMessage = gatedSend;
    whole.tryRestart = gatedRestart;
    this.installed = true;
    const unsubscribe = this.online.subscribeHold((held) => this.hold(held));
    this.hold(this.online.holdsCalls());
    return (closing) => {
      unsubscribe();
      this.sendAll();
      if (!closing) this.hold(false);
      if (whole.sendMessage === gatedSend) whole.sendMessage = send;
      if (whole.tryRestart === gatedRestart) whole.tryRestart = restart;
      this.installed = false;
      this.manager = null;
    };
  }

  private sendOrHold(message: ClientMessageLike): boolean {
    const manager = this.manager!;
    const socket = manager.socket;
    // Not ready: the client keeps the message itself (or re-sends it on connect), as without the gate.
    if (socket.state !== "ready" || socket.paused !== "no") {
      return this.send!.call(manager, message);
    }
    const delayMs = this.faults.active ? this.delayOf(message) : 0;
    // Behind a held message, even an unaffected one waits its turn: the protocol is ordered.
    if (delayMs === 0 && this.queue.length === 0) return this.send!.call(manager, message);
    if (this.queue.length >= MAX_HELD_MESSAGES) this.sendAll();
    this.queue.push({ message, ws: socket.ws, dueAt: this.clock.now() + delayMs });
    this.schedule();
    // "Might have been sent", as the client's own sendMessage says of a ready socket.
    return true;
  }

  /** The injected latency for one message: the longest among the functions it names. */
  private delayOf(message: ClientMessageLike): number {
    if (message.type === "Mutation" || message.type === "Action") {
      return message.udfPath === undefined ? 0 : this.delayFor(message.udfPath);
    }
    if (message.type !== "ModifyQuerySet" || !message.modifications) return 0;
    let delayMs = 0;
    for (const modification of message.modifications) {
      if (modification.type === "Add" && modification.udfPath !== undefined) {
        delayMs = Math.max(delayMs, this.delayFor(modification.udfPath));
      }
    }
    return delayMs;
  }

  private delayFor(udfPath: string): number {
    return this.faults.delayFor(canonicalFunctionPath(udfPath));
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const waitMs = Math.max(0, this.queue[0]!.dueAt - this.clock.now());
    this.timer = this.clock.setTimeout(this.release, waitMs);
  }

  /** Sends every held message that is due, in order; bound, as a timer callback. */
  private readonly release = (): void => {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.queue.length > 0 && this.queue[0]!.dueAt <= now) this.forward(this.queue.shift()!);
    this.schedule();
  };

  private sendAll(): void {
    for (const item of this.takeAll()) this.forward(item);
  }

  /** Empties the queue and stops its timer; returns what it held. */
  private takeAll(): Held[] {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    return this.queue.splice(0);
  }

  private forward(item: Held): void {
    const manager = this.manager;
    if (!manager || manager.socket.ws !== item.ws) return;
    this.send!.call(manager, item.message);
  }

  /** Stops the socket while calls are held, and reconnects it when the hold ends. */
  private hold(held: boolean): void {
    const manager = this.manager;
    if (!manager || held === this.held) return;
    this.held = held;
    if (!held) {
      this.restart!.call(manager);
      return;
    }
    // A reconnect already scheduled (the socket was down) must not open it while offline.
    const scheduled = manager.scheduledReconnect;
    if (scheduled) {
      globalThis.clearTimeout(scheduled.timeout as Parameters<typeof clearTimeout>[0]);
      manager.scheduledReconnect = null;
    }
    // What it holds was written to this socket: the client re-sends it on the next one.
    this.takeAll();
    void manager.stop();
    this.markDirty();
  }
}
