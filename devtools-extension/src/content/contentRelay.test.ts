import {
  DEVTOOLS_SOURCE,
  PAGE_SOURCE,
  PROTOCOL_VERSION,
  type WireCall,
} from "@convex-lens/sdk/devtools-protocol";
import { beforeEach, describe, expect, it } from "vitest";
import { FakePort } from "../shared/test-support/fakePort";
import {
  type ContentRelay,
  RELAY_MESSAGES_PER_SECOND,
  type RelayWindow,
  startContentRelay,
} from "./contentRelay";

class FakeWindow implements RelayWindow {
  readonly location = { origin: "http://127.0.0.1:5173", href: "http://127.0.0.1:5173/board" };
  readonly posted: { message: Record<string, unknown>; targetOrigin: string }[] = [];
  private readonly listeners = new Set<(event: MessageEvent) => void>();
  addEventListener(_type: "message", listener: (event: MessageEvent) => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: "message", listener: (event: MessageEvent) => void) {
    this.listeners.delete(listener);
  }
  postMessage(message: unknown, targetOrigin: string) {
    this.posted.push({ message: message as Record<string, unknown>, targetOrigin });
  }
  deliver(data: unknown, source: unknown = this) {
    for (const listener of this.listeners) listener({ data, source } as MessageEvent);
  }
  postedTypes(): unknown[] {
    return this.posted.map((p) => p.message.type);
  }
}

const call: WireCall = {
  type: "call",
  seq: 1,
  name: "query messages:list",
  functionPath: "messages:list",
  kind: "query",
  transport: "websocket",
  serverAddress: "x",
  startedAt: 1,
  durationMs: 1,
  attempts: 1,
  attemptDetails: [],
  events: [],
  error: null,
  traceId: "",
  spanId: "",
  faultInjected: false,
  subscription: false,
};
const pageMessage = (batch: unknown[]) => ({
  source: PAGE_SOURCE,
  v: PROTOCOL_VERSION,
  session: "s1",
  batch,
});
const announce = {
  type: "session",
  sessionId: "s1",
  startedAt: 1,
  url: "http://127.0.0.1:5173/board",
  sdkVersion: "0.1.0",
  commandsAllowed: true,
  bufferSize: 2000,
  dropped: 0,
  announce: true,
};

let win: FakeWindow;
let port: FakePort;
let relay: ContentRelay;
let now = 0;

beforeEach(() => {
  win = new FakeWindow();
  now = 10_000;
  relay = startContentRelay({
    window: win,
    connect: () => {
      port = new FakePort("convex-lens-content");
      return port;
    },
    documentId: "doc-1",
    now: () => now,
    portOptions: { setTimer: () => 0, clearTimer: () => {} },
  });
});

describe("the content script relay", () => {
  it("introduces itself with its document id and address", () => {
    expect(port.sent).toEqual([
      { kind: "connect", documentId: "doc-1", url: "http://127.0.0.1:5173/board" },
    ]);
  });

  it("relays nothing while no panel is open", () => {
    win.deliver(pageMessage([call]));
    expect(port.sentOfKind("page")).toEqual([]);
  });

  it("wakes the page with hello, resuming where the extension stopped, when a panel opens", () => {
    port.deliver({ kind: "panel", open: true, session: "s1", since: 41 });
    expect(win.posted).toEqual([
      {
        message: {
          source: DEVTOOLS_SOURCE,
          v: PROTOCOL_VERSION,
          type: "hello",
          session: "s1",
          since: 41,
        },
        targetOrigin: "http://127.0.0.1:5173",
      },
    ]);
    port.deliver({ kind: "panel", open: false });
    expect(win.postedTypes()).toEqual(["hello", "bye"]);
  });

  it("relays the page's own tagged messages while a panel is open, validated", () => {
    port.deliver({ kind: "panel", open: true });
    win.deliver(pageMessage([call, { type: "call", evil: true }]));
    const relayed = port.sentOfKind("page");
    expect(relayed).toHaveLength(1);
    expect((relayed[0]?.message as { batch: unknown[] } | undefined)?.batch).toEqual([call]);
  });

  it("ignores messages from other windows, other sources and other versions", () => {
    port.deliver({ kind: "panel", open: true });
    win.deliver(pageMessage([call]), { frame: "other" });
    win.deliver({ ...pageMessage([call]), source: "react-devtools" });
    win.deliver({ ...pageMessage([call]), v: 2 });
    win.deliver({ source: DEVTOOLS_SOURCE, v: 1, type: "hello" });
    win.deliver("convex-lens");
    expect(port.sentOfKind("page")).toEqual([]);
    expect(relay.stats().relayed).toBe(0);
  });

  it("drops a malformed message whole and counts it", () => {
    port.deliver({ kind: "panel", open: true });
    win.deliver({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, batch: [call] });
    expect(port.sentOfKind("page")).toEqual([]);
    expect(relay.stats().invalid).toBe(1);
  });

  it("caps a flood at the per-second rate and relays again a second later", () => {
    port.deliver({ kind: "panel", open: true });
    for (let i = 0; i < RELAY_MESSAGES_PER_SECOND * 3; i++) win.deliver(pageMessage([call]));
    expect(port.sentOfKind("page")).toHaveLength(RELAY_MESSAGES_PER_SECOND);
    expect(relay.stats().rateLimited).toBe(RELAY_MESSAGES_PER_SECOND * 2);
    now += 1_000;
    win.deliver(pageMessage([call]));
    expect(port.sentOfKind("page")).toHaveLength(RELAY_MESSAGES_PER_SECOND + 1);
  });

  it("greets a bridge that starts after the panel opened", () => {
    port.deliver({ kind: "panel", open: true });
    win.deliver(pageMessage([announce]));
    expect(win.postedTypes()).toEqual(["hello", "hello"]);
    // The bridge's answer to hello is not an announcement, so it is not greeted again.
    win.deliver(pageMessage([{ ...announce, announce: undefined }]));
    expect(win.postedTypes()).toEqual(["hello", "hello"]);
  });

  it("passes the panel's commands to the page", () => {
    port.deliver({
      kind: "command",
      id: "c1",
      command: { name: "isolateBreaker", scope: "messages:send" },
    });
    expect(win.posted.at(-1)?.message).toEqual({
      source: DEVTOOLS_SOURCE,
      v: PROTOCOL_VERSION,
      type: "command",
      id: "c1",
      command: { name: "isolateBreaker", scope: "messages:send" },
    });
  });

  it("tells the page to sleep when the worker goes away, and stops on stop()", () => {
    port.deliver({ kind: "panel", open: true });
    port.drop();
    expect(win.postedTypes()).toEqual(["hello", "bye"]);
    expect(relay.stats().panelOpen).toBe(false);
    relay.stop();
    win.deliver(pageMessage([call]));
    expect(relay.stats().relayed).toBe(0);
  });
});
