// The hostile page of the security suite, bundled for the browser by serveBundledPage. It runs the
// real SDK (a lens with the DevTools bridge over an in-page transport, so calls with hostile names,
// log lines and errors take the SDK's real path), and it also behaves like a malicious script on
// the page: it posts forged protocol messages, prototype-polluting shapes, batches that overfill
// every buffer, and a flood of a million messages, while it watches its own responsiveness.
import { createLens, everything } from "@convex-lens/sdk";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import {
  type ScriptedCall,
  type ScriptedClient,
  scriptedClient,
} from "../../../sdk/src/instrument/test-support/scriptedClient.js";
import { allPayloads } from "./payloads.js";

/** What a page-side ticker saw: how often it ran and the longest wait between two runs. */
export interface Ticks {
  readonly frames: number;
  readonly intervals: number;
  /** Longest gap between animation frames, ms (0 when frames do not run, e.g. a hidden tab). */
  readonly maxFrameGapMs: number;
  /** Longest gap between 20 ms interval ticks, ms. */
  readonly maxIntervalGapMs: number;
  readonly visibility: DocumentVisibilityState;
}

/** The page's handle for the test, `window.hostile`. */
export interface HostilePageHandle {
  /** A query through the real SDK; `log` is printed as the server's log line, `fail` thrown as its ConvexError. */
  call(path: string, options: { log?: string; fail?: string }): Promise<void>;
  /** Posts `message` to this window, as any script on the page can. */
  post(message: unknown): void;
  /** Posts `JSON.parse(json)`, so that keys like `__proto__` arrive as own properties. */
  postJson(json: string): void;
  /**
   * Posts `messages` valid batches of 1,000 items each (calls, spans, breaker transitions, health
   * changes, state snapshots, a session), each from a session of its own and with distinct
   * functions and error codes: more than every buffer of the extension holds.
   */
  overfill(messages: number): Promise<number>;
  /** Posts `total` messages, `perTask` at a time between yields; returns how long it took (ms). */
  flood(total: number, perTask: number): Promise<number>;
  startTicking(): void;
  stopTicking(): Ticks;
  breakerState(scope: string): string | undefined;
}

/** Call items per {@link HostilePageHandle.overfill} message; the rest are other item kinds. */
export const OVERFILL_CALLS_PER_MESSAGE = 867;

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
// A task after the window messages already queued, so a flood's events are dispatched (and
// freed) batch by batch instead of piling up. Not window.postMessage: that is what is measured.
const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

const client: ScriptedClient = scriptedClient((call) => answer(call), undefined, {
  keepSent: false,
});
const plan = new Map<string, { log?: string; fail?: string }>();
function answer(call: ScriptedCall): unknown {
  const planned = plan.get(call.path);
  if (planned?.log !== undefined) client.serverLog("Q", call.path, planned.log);
  if (planned?.fail !== undefined) {
    throw new ConvexError(planned.fail);
  }
  return allPayloads("result");
}

const lens = createLens({
  use: everything(),
  retry: false,
  // The hostile text rides in ConvexError data: keep its (redacted) preview so the panel shows it.
  capture: { errorData: true },
  devtools: { enabled: true, allowCommands: true },
});
const instrumented = lens.instrument(client.client);

const post = (message: unknown): void => window.postMessage(message, location.origin);

function overfillMessage(m: number, now: number): unknown {
  const session = `overfill-${m}`;
  const batch: unknown[] = [];
  let seq = 0;
  batch.push({
    type: "session",
    sessionId: session,
    startedAt: now,
    url: location.href,
    sdkVersion: "0.0.0-hostile",
    commandsAllowed: false,
    bufferSize: 1,
    dropped: 0,
  });
  batch.push({ type: "breakers", at: now, breakers: [] });
  batch.push({ type: "metrics", at: now, functions: [] });
  for (let k = 0; k < OVERFILL_CALLS_PER_MESSAGE; k++) {
    batch.push({
      type: "call",
      seq: ++seq,
      name: `query overfill:m${m}f${k}`,
      functionPath: `overfill:m${m}f${k}`,
      kind: "query",
      transport: "websocket",
      serverAddress: "http://127.0.0.1",
      startedAt: now + k,
      durationMs: 1,
      attempts: 1,
      attemptDetails: [],
      events: [],
      error: {
        code: `E_${m}_${k}`,
        message: "overfill",
        userMessage: "overfill",
        httpStatus: null,
        retryable: false,
      },
      traceId: "",
      spanId: "",
      faultInjected: false,
      subscription: false,
    });
  }
  for (let k = 0; k < 100; k++) {
    batch.push({
      type: "span",
      seq: ++seq,
      traceId: `t${m}`,
      spanId: `s${m}-${k}`,
      name: "overfill span",
      spanKind: "internal",
      startedAt: now,
      durationMs: 1,
      status: "ok",
      attributes: {},
      events: [],
    });
  }
  for (let k = 0; k < 15; k++) {
    batch.push({
      type: "breaker",
      seq: ++seq,
      scope: `overfill:m${m}f${k}`,
      from: "closed",
      to: "open",
      reason: "overfill",
      at: now,
    });
    batch.push({ type: "health", seq: ++seq, status: "degraded", at: now, checks: [] });
  }
  return { source: "convex-lens", v: 1, session, batch };
}

const floodMessages = (i: number): unknown => {
  switch (i % 4) {
    case 0:
      // Valid: one call. The relay passes 1,000 messages a second; the rest are dropped.
      return {
        source: "convex-lens",
        v: 1,
        session: "flood",
        batch: [
          {
            type: "call",
            seq: i + 1,
            name: "query flood:f",
            functionPath: `flood:f${i % 1_000}`,
            kind: "query",
            transport: "http",
            serverAddress: "javascript:alert(1)",
            startedAt: 1_700_000_000_000 + i,
            durationMs: 1,
            attempts: 1,
            attemptDetails: [],
            events: [],
            error: null,
            traceId: "",
            spanId: "",
            faultInjected: false,
            subscription: false,
          },
        ],
      };
    case 1:
      return { source: "convex-lens", v: 1, session: "flood", batch: "not a list" };
    case 2:
      return { source: "convex-lens", v: 1, session: "flood", batch: [[[[[{ type: "call" }]]]]] };
    default:
      return `not ours ${i}`;
  }
};

let ticker: {
  frames: number;
  intervals: number;
  lastFrame: number;
  lastInterval: number;
  maxFrameGapMs: number;
  maxIntervalGapMs: number;
  interval: ReturnType<typeof setInterval>;
  running: boolean;
} | null = null;

const handle: HostilePageHandle = {
  async call(path, options) {
    plan.set(path, options);
    try {
      await instrumented.query(makeFunctionReference<"query">(path), {
        payload: allPayloads("args"),
      });
    } catch {
      // A planned failure: the call's record is what the test looks at.
    } finally {
      plan.delete(path);
    }
  },
  post,
  postJson(json) {
    post(JSON.parse(json));
  },
  async overfill(messages) {
    const now = Date.now();
    for (let m = 0; m < messages; m++) {
      post(overfillMessage(m, now));
      if (m % 10 === 9) await nextTask();
    }
    return messages * OVERFILL_CALLS_PER_MESSAGE;
  },
  async flood(total, perTask) {
    const started = performance.now();
    for (let i = 0; i < total; ) {
      const end = Math.min(total, i + perTask);
      for (; i < end; i++) post(floodMessages(i));
      await nextTask();
    }
    return performance.now() - started;
  },
  startTicking() {
    const started = performance.now();
    const state = {
      frames: 0,
      intervals: 0,
      lastFrame: started,
      lastInterval: started,
      maxFrameGapMs: 0,
      maxIntervalGapMs: 0,
      running: true,
      interval: setInterval(() => {
        const now = performance.now();
        state.maxIntervalGapMs = Math.max(state.maxIntervalGapMs, now - state.lastInterval);
        state.lastInterval = now;
        state.intervals++;
      }, 20),
    };
    ticker = state;
    const frame = (now: number): void => {
      if (!state.running) return;
      if (state.frames > 0) {
        state.maxFrameGapMs = Math.max(state.maxFrameGapMs, now - state.lastFrame);
      }
      state.lastFrame = now;
      state.frames++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  },
  stopTicking() {
    const state = ticker;
    if (state === null) throw new Error("startTicking first");
    state.running = false;
    clearInterval(state.interval);
    ticker = null;
    return {
      frames: state.frames,
      intervals: state.intervals,
      maxFrameGapMs: state.maxFrameGapMs,
      maxIntervalGapMs: state.maxIntervalGapMs,
      visibility: document.visibilityState,
    };
  },
  breakerState: (scope) => lens.breakers().find((b) => b.scope === scope)?.state,
};
(window as unknown as { hostile: HostilePageHandle }).hostile = handle;
