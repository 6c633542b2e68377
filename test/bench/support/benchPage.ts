// The page the browser benchmarks drive, bundled for the browser by serveBundledPage: two lenses
// over in-page zero-latency transports (one with the DevTools bridge, one without), so a call's
// record takes the SDK's real path (instrumented client → lens.onCall → bridge → postMessage)
// and nothing but the SDK and the extension costs time. The bridged lens also holds live
// subscriptions on demand, whose snapshots take the same path to the Subscriptions view.
import { createLens, everything } from "@convex-lens/sdk";
import { type FunctionReference, makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { createDevtoolsBridge, type PageWindow } from "../../../sdk/src/devtools/bridge.js";
import type { DevtoolsHost } from "../../../sdk/src/devtools/devtoolsHost.js";
import {
  type ScriptedCall,
  type ScriptedClient,
  scriptedClient,
} from "../../../sdk/src/instrument/test-support/scriptedClient.js";
import { scriptedSocketClient } from "../../../sdk/src/instrument/test-support/scriptedSocketClient.js";
import type { CallRecord } from "../../../sdk/src/telemetry/callRecord.js";

/** What one generated burst of calls looks like. */
export interface GenerateOptions {
  /** Every call's function is `<prefix>:f<n>`, so the panel can count one burst apart from others. */
  readonly prefix: string;
  readonly count: number;
  /** Calls started together before the page yields a task (so the relay and timers can run). */
  readonly concurrency: number;
  /** Distinct functions the calls spread over. */
  readonly functions: number;
  /**
   * A realistic mix instead of plain successful queries: a tenth are mutations or actions, one in
   * 25 fails with the app's ConvexError, one in 50 is retried once after a system error, and one
   * in 10 carries a server log line.
   */
  readonly varied: boolean;
}

/** When a burst ran, in epoch milliseconds with sub-millisecond precision (comparable across tabs). */
export interface GenerateResult {
  readonly startedAt: number;
  readonly endedAt: number;
}

/** The page's handle for the benchmarks, `window.benchPage`. */
export interface BenchPageHandle {
  /** Makes calls through the lens with the bridge (`bridge`) or the lens without one (`plain`). */
  generate(lens: "bridge" | "plain", options: GenerateOptions): Promise<GenerateResult>;
  /**
   * Nanoseconds per call of the two lenses, interleaved round by round, while no panel is open
   * (so the bridge is dormant): the bridge's share of a real call is the difference.
   */
  dormantCallCost(
    rounds: number,
    callsPerRound: number,
  ): Promise<{ with: number[]; without: number[] }>;
  /**
   * Nanoseconds per event of a dormant bridge's `onCall` listener alone, against an empty
   * listener, round by round: the bridge's own work with the call's cost taken out.
   */
  dormantListenerCost(
    rounds: number,
    eventsPerRound: number,
  ): { bridge: number[]; empty: number[] };
  /**
   * Subscribes `count` queries through the bridged lens's WebSocket client, as a page's live views
   * do: functions `<prefix>:q<n % functions>`, each subscription with its own args. They stay
   * loading until {@link pushResults}.
   */
  subscribe(prefix: string, count: number, functions: number): void;
  /** Pushes a new result to every subscription of `<prefix>:q0…`: their first result, then updates. */
  pushResults(prefix: string, functions: number, value: unknown): void;
  /** Ends every subscription {@link subscribe} made. */
  unsubscribeAll(): void;
}

// The yield between bursts: a MessageChannel task runs after the window messages already queued
// (the bridge's posts, which the content script relays on this same thread) and is not clamped
// like nested timers are. Not window.postMessage: the content script would see it.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

const now = (): number => performance.timeOrigin + performance.now();

// Calls retried once: the first attempt fails with a system error, the second succeeds. Bounded:
// an id leaves the set on its second attempt, and at most `concurrency` are in flight.
const failedOnce = new Set<number>();

function transport(client: ScriptedClient): (call: ScriptedCall) => unknown {
  return (call) => {
    const { i, varied } = call.args as { i: number; varied: boolean };
    if (!varied) return i;
    if (i % 10 === 3) {
      const kind = call.kind === "query" ? "Q" : call.kind === "mutation" ? "M" : "A";
      client.serverLog(kind, call.path, `handled item ${i}`);
    }
    if (i % 25 === 0) throw new ConvexError({ code: "NOT_FOUND", message: `item ${i} is gone` });
    if (call.kind === "query" && i % 50 === 7) {
      if (!failedOnce.has(i)) {
        failedOnce.add(i);
        throw new Error(`[Request ID: r${i.toString(16)}] Server Error`);
      }
      failedOnce.delete(i);
    }
    return { i, ok: true };
  };
}

// Retries wait 1 ms (not the default 250 ms) so a retried call costs a burst little time; the
// breakers stay off so that a burst's outcome never depends on how its calls interleave.
const lensOptions = {
  breaker: false,
  retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1, jitter: "none" },
} as const;

// Each transport's script needs its own client (for server log lines), hence the late binding.
const bridgedClient: ScriptedClient = scriptedClient((call) => bridgedTransport(call), undefined, {
  keepSent: false,
});
const bridgedTransport = transport(bridgedClient);
const plainClient: ScriptedClient = scriptedClient((call) => plainTransport(call), undefined, {
  keepSent: false,
});
const plainTransport = transport(plainClient);
// The lens as an app creates it: createLens starts the bridge from its devtools option. The
// history is larger than the default 2,000 so a burst of `concurrency` calls never overwrites
// events before the bridge's next flush.
const withBridge = createLens({
  ...lensOptions,
  devtools: { enabled: true, bufferSize: 10_000, allowCommands: false },
  use: everything(),
});
const withoutBridge = createLens({ ...lensOptions, devtools: false });
const clients = {
  bridge: withBridge.instrument(bridgedClient.client),
  plain: withoutBridge.instrument(plainClient.client),
};
type Kind = "query" | "mutation" | "action";
const references = new Map<string, FunctionReference<Kind>>();
function reference(kind: Kind, path: string): FunctionReference<Kind> {
  const key = `${kind} ${path}`;
  let ref = references.get(key);
  if (ref === undefined) {
    if (references.size > 10_000) references.clear();
    ref = makeFunctionReference<Kind>(path);
    references.set(key, ref);
  }
  return ref;
}

// Subscriptions go over the bridged lens's WebSocket client (a scripted one: results come when
// the bench pushes them); the bridge sends them to the panel as its Subscriptions view reads them.
const socket = scriptedSocketClient(() => null);
const subscriber = withBridge.instrument(socket.client);
const subscriptions: (() => void)[] = [];

function subscribe(prefix: string, count: number, functions: number): void {
  for (let i = 0; i < count; i++) {
    const ref = reference("query", `${prefix}:q${i % functions}`) as FunctionReference<"query">;
    subscriptions.push(subscriber.onUpdate(ref, { n: i }, () => {}));
  }
}

function pushResults(prefix: string, functions: number, value: unknown): void {
  for (let f = 0; f < functions; f++) socket.push(`${prefix}:q${f}`, value);
}

function unsubscribeAll(): void {
  for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
}

function call(lens: "bridge" | "plain", options: GenerateOptions, i: number): Promise<unknown> {
  const client = clients[lens];
  const path = `${options.prefix}:f${i % options.functions}`;
  const args = { i, varied: options.varied };
  const kind: Kind = !options.varied
    ? "query"
    : i % 10 === 9
      ? "action"
      : i % 10 >= 7
        ? "mutation"
        : "query";
  const ref = reference(kind, path);
  const pending =
    kind === "query"
      ? client.query(ref as FunctionReference<"query">, args)
      : kind === "mutation"
        ? client.mutation(ref as FunctionReference<"mutation">, args)
        : client.action(ref as FunctionReference<"action">, args);
  // A failed call is part of the mix: its record is what counts here, not its outcome.
  return pending.catch(() => null);
}

async function generate(
  lens: "bridge" | "plain",
  options: GenerateOptions,
): Promise<GenerateResult> {
  const startedAt = now();
  const inFlight: Promise<unknown>[] = [];
  for (let done = 0; done < options.count; ) {
    const n = Math.min(options.concurrency, options.count - done);
    inFlight.length = 0;
    for (let k = 0; k < n; k++) inFlight.push(call(lens, options, done + k));
    await Promise.all(inFlight);
    done += n;
    await nextTask();
  }
  return { startedAt, endedAt: now() };
}

async function dormantCallCost(
  rounds: number,
  callsPerRound: number,
): Promise<{ with: number[]; without: number[] }> {
  const options: GenerateOptions = {
    prefix: "dormant",
    count: callsPerRound,
    concurrency: 1,
    functions: 8,
    varied: false,
  };
  const timeSequential = async (lens: "bridge" | "plain"): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < callsPerRound; i++) await call(lens, options, i);
    return ((performance.now() - start) * 1e6) / callsPerRound;
  };
  // Warm both paths up first.
  await timeSequential("bridge");
  await timeSequential("plain");
  const result = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so drift within a round hits both alike.
    if (round % 2 === 0) {
      result.with.push(await timeSequential("bridge"));
      result.without.push(await timeSequential("plain"));
    } else {
      result.without.push(await timeSequential("plain"));
      result.with.push(await timeSequential("bridge"));
    }
    await nextTask();
  }
  return result;
}

// A real call's record, for the listener-only measurement.
let sampleRecord: CallRecord | undefined;
withBridge.onCall((record) => {
  sampleRecord ??= record;
});

function dormantListenerCost(
  rounds: number,
  eventsPerRound: number,
): { bridge: number[]; empty: number[] } {
  const record = sampleRecord;
  if (record === undefined) throw new Error("make one call through the bridged lens first");
  // A bridge on a window of its own that never says hello: it stays dormant, as with no panel.
  const silentWindow: PageWindow = {
    postMessage() {},
    addEventListener() {},
    removeEventListener() {},
    location: { origin: location.origin, href: location.href },
  };
  let listener: (record: CallRecord) => void = () => {};
  const host: DevtoolsHost = {
    onCall(add) {
      listener = add;
      return () => {};
    },
    onBreakerChange: () => () => {},
    breakers: () => [],
    online: {
      isOnline: () => true,
      isConnected: () => true,
      subscribe: () => () => {},
      subscribeConnection: () => () => {},
    },
    faults: () => ({}),
    commands: {
      setFaults() {},
      clearFaults() {},
      isolateBreaker() {},
      resetBreaker() {},
      setOffline() {},
    },
    reportError() {},
  };
  const bridge = createDevtoolsBridge(
    host,
    { enabled: true, bufferSize: 2_000, allowCommands: false },
    silentWindow,
  );
  const bridgeListener = listener;
  let sink = 0;
  const emptyListener = (r: CallRecord): void => {
    sink += r.attempts;
  };
  const time = (fn: (r: CallRecord) => void): number => {
    const start = performance.now();
    for (let i = 0; i < eventsPerRound; i++) fn(record);
    return ((performance.now() - start) * 1e6) / eventsPerRound;
  };
  time(bridgeListener);
  time(emptyListener);
  const result = { bridge: [] as number[], empty: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    result.bridge.push(time(bridgeListener));
    result.empty.push(time(emptyListener));
  }
  bridge?.dispose();
  if (sink < 0) console.log(sink);
  return result;
}

const handle: BenchPageHandle = {
  generate,
  dormantCallCost,
  dormantListenerCost,
  subscribe,
  pushResults,
  unsubscribeAll,
};
(window as unknown as { benchPage: BenchPageHandle }).benchPage = handle;
