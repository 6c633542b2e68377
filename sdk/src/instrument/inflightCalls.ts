import type { FunctionKind, Transport } from "../core/callTarget.js";
import type { OnlineManager } from "../resilience/onlineManager.js";
import type { CallSite } from "./callSite.js";
import type { ConnectedClock } from "./connectedClock.js";

/**
 * What a one-shot call in flight waits for, as its own path knows it: sent and awaiting the
 * server, held offline, queued for a bulkhead slot, or backing off before a retry.
 */
export type InflightWait = "server" | "offline" | "bulkhead" | "backoff";

/**
 * What the panel is told a call waits for. "socket": sent over a WebSocket that is down, which the
 * call cannot know itself; it is read from its own client's socket when the list is taken.
 */
export type InflightReason = InflightWait | "socket";

/** What the registry reads of a call in flight; executeCall's `CallExecution` is one. */
export interface InflightCall {
  readonly target: CallSite;
  readonly trace: { readonly startedAt: number; readonly attempts: number };
  readonly waiting: InflightWait;
  /** The WebSocket client's connected-time clock; undefined over HTTP. */
  readonly socket: ConnectedClock | undefined;
}

/**
 * Where one-shot calls register while they are in flight (`LensRuntime.inflight`): set only while
 * the DevTools bridge runs (development builds, by default), so without it a call pays a property
 * read and nothing else.
 */
export interface InflightRegistrar {
  add(call: InflightCall): void;
  delete(call: InflightCall): void;
}

/** What the DevTools host needs of the lens's runtime to track calls in flight; LensRuntime is one. */
export interface InflightRuntime {
  inflight?: InflightRegistrar | undefined;
  readonly online: Pick<OnlineManager, "holdsCalls">;
}

/** One call in flight, as the DevTools host lists it. */
export interface InflightCallSnapshot {
  /** Unique among the calls this registry saw. */
  readonly id: string;
  readonly functionPath: string;
  readonly kind: FunctionKind;
  readonly transport: Transport;
  /** Epoch ms; the call's record (CallRecord.startedAt) carries the same value. */
  readonly startedAt: number;
  /** The attempt running, or the one that failed last while backing off. */
  readonly attempt: number;
  readonly waitingFor: InflightReason;
}

/**
 * Calls held at once; a page with more in flight is leaking calls, and the rest are not listed.
 * Bounds the registry's memory whatever the page does.
 */
export const MAX_INFLIGHT_CALLS = 10_000;

/**
 * The one-shot calls in flight while the bridge runs (query, mutation and action, over any client),
 * the first begun first. Lives on the DevTools side: the call path only adds and deletes itself.
 */
export class InflightCalls implements InflightRegistrar {
  private readonly calls = new Map<InflightCall, { readonly id: string; readonly at: number }>();
  private readonly online: Pick<OnlineManager, "holdsCalls">;
  private seq = 0;

  constructor(online: Pick<OnlineManager, "holdsCalls">) {
    this.online = online;
  }

  add(call: InflightCall): void {
    if (this.calls.size >= MAX_INFLIGHT_CALLS) return;
    this.calls.set(call, { id: `f${++this.seq}`, at: Date.now() });
  }

  delete(call: InflightCall): void {
    this.calls.delete(call);
  }

  /** How many calls are listed now. */
  get size(): number {
    return this.calls.size;
  }

  /** The calls in flight now, with what each waits for. */
  list(): InflightCallSnapshot[] {
    if (this.calls.size === 0) return [];
    // A call sent over a WebSocket waits for the socket while it is down: held by simulated
    // offline (the socket gate stops it; lens-wide), or its own client's socket dropped.
    const held = this.online.holdsCalls();
    const out: InflightCallSnapshot[] = [];
    for (const [call, { id, at }] of this.calls) {
      const { target, trace, socket } = call;
      let waitingFor: InflightReason = call.waiting;
      if (waitingFor === "server" && socket !== undefined) {
        if (held) waitingFor = "offline";
        else if (socket.isDown()) waitingFor = "socket";
      }
      out.push({
        id,
        functionPath: target.functionPath,
        kind: target.kind,
        transport: target.transport,
        // NaN when no listener wanted the call's clock at its start: then when it was added.
        startedAt: Number.isNaN(trace.startedAt) ? at : trace.startedAt,
        attempt: trace.attempts,
        waitingFor,
      });
    }
    return out;
  }
}
