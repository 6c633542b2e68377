import {
  DEVTOOLS_SOURCE,
  PAGE_SOURCE,
  PROTOCOL_VERSION,
  type WireCall,
} from "@convex-lens/sdk/devtools-protocol";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  FakeMessageChannel,
  type FakeMessagePort,
} from "../shared/test-support/fakeMessageChannel";
import { FakePort } from "../shared/test-support/fakePort";
import {
  type ContentRelay,
  type ContentRelayOptions,
  RELAY_MESSAGES_PER_SECOND,
  type RelayWindow,
  startContentRelay,
} from "./contentRelay";

class FakeWindow implements RelayWindow {
  readonly location = { origin: "http://127.0.0.1:5173", href: "http://127.0.0.1:5173/board" };
  readonly posted: {
    message: Record<string, unknown>;
    targetOrigin: string;
    transfer?: unknown[];
  }[] = [];
  private readonly listeners = new Set<(event: MessageEvent) => void>();
  addEventListener(_type: "message", listener: (event: MessageEvent) => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: "message", listener: (event: MessageEvent) => void) {
    this.listeners.delete(listener);
  }
  postMessage(message: unknown, targetOrigin: string, transfer?: Transferable[]) {
    const entry: (typeof this.posted)[number] = {
      message: message as Record<string, unknown>,
      targetOrigin,
    };
    if (transfer !== undefined && transfer.length > 0) entry.transfer = transfer;
    this.posted.push(entry);
  }
  get listenerCount(): number {
    return this.listeners.size;
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
let channels: FakeMessageChannel[];

function start(overrides: Partial<ContentRelayOptions> = {}): ContentRelay {
  return startContentRelay({
    window: win,
    connect: () => {
      port = new FakePort("convex-lens-content");
      return port;
    },
    documentId: "doc-1",
    now: () => now,
    portOptions: { setTimer: () => 0, clearTimer: () => {} },
    createChannel: () => {
      const channel = new FakeMessageChannel();
      channels.push(channel);
      return channel;
    },
    ...overrides,
  });
}

/** The page's end of the channel the last hello carried, started as the bridge starts it. */
function bridgeEnd(): FakeMessagePort {
  const end = channels.at(-1)?.port2Fake;
  if (end === undefined) throw new Error("no hello has carried a channel yet");
  end.start();
  return end;
}

/** The `type` of every message the page received from the relay, by either path, in order. */
function typesTo(end: FakeMessagePort): unknown[] {
  return end.inbox.map((m) => (m as { type?: unknown }).type);
}

beforeEach(() => {
  win = new FakeWindow();
  now = 10_000;
  channels = [];
  relay = start();
});

describe("the content script relay", () => {
  it("introduces itself with its document id and address", () => {
    expect(port.sent).toEqual([
      { kind: "connect", documentId: "doc-1", url: "http://127.0.0.1:5173/board" },
    ]);
  });

  it("tells the background when a panel opens on a page whose bridge is off, or when the page marks itself later", () => {
    relay.stop();
    let marker: string | null = "bridge-off";
    let onChange: (() => void) | null = null;
    relay = start({
      marker: {
        read: () => marker,
        watch: (listener) => {
          onChange = listener;
          return () => {
            onChange = null;
          };
        },
      },
    });
    expect(port.sentOfKind("bridgeOff")).toEqual([]);
    port.deliver({ kind: "panel", open: true });
    expect(port.sentOfKind("bridgeOff")).toHaveLength(1);
    port.deliver({ kind: "panel", open: false });
    expect(onChange).toBeNull();
    marker = null;
    port.deliver({ kind: "panel", open: true });
    expect(port.sentOfKind("bridgeOff")).toHaveLength(1);
    marker = "bridge-off";
    (onChange as (() => void) | null)?.();
    expect(port.sentOfKind("bridgeOff")).toHaveLength(2);
  });

  it("relays nothing while no panel is open", () => {
    win.deliver(pageMessage([call]));
    expect(port.sentOfKind("page")).toEqual([]);
  });

  it("wakes the page with hello and a private port, resuming where the extension stopped", () => {
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
        transfer: [channels[0]?.port2],
      },
    ]);
    const page = bridgeEnd();
    port.deliver({ kind: "panel", open: false });
    // Bye takes the private port: the window saw only the hello.
    expect(win.postedTypes()).toEqual(["hello"]);
    expect(typesTo(page)).toEqual(["bye"]);
  });

  it("relays the batches that arrive over the private port, validated", () => {
    port.deliver({ kind: "panel", open: true });
    bridgeEnd().postMessage(pageMessage([call, { type: "call", evil: true }]));
    const relayed = port.sentOfKind("page");
    expect(relayed).toHaveLength(1);
    expect((relayed[0]?.message as { batch: unknown[] } | undefined)?.batch).toEqual([call]);
  });

  it("validates what arrives over the port as strictly as the window's messages", () => {
    port.deliver({ kind: "panel", open: true });
    const page = bridgeEnd();
    page.postMessage({ ...pageMessage([call]), source: "react-devtools" });
    page.postMessage({ ...pageMessage([call]), v: 2 });
    page.postMessage({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, batch: [call] });
    page.postMessage({ ...pageMessage([call]), batch: new Array(1_001).fill(call) });
    page.postMessage("convex-lens");
    expect(port.sentOfKind("page")).toEqual([]);
    expect(relay.stats()).toMatchObject({ relayed: 0, invalid: 2 });
  });

  it("relays the page's own tagged window messages too (a bridge from before the port)", () => {
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

  it("caps a flood at the per-second rate, over the port and the window together", () => {
    port.deliver({ kind: "panel", open: true });
    const page = bridgeEnd();
    for (let i = 0; i < RELAY_MESSAGES_PER_SECOND * 3; i++) {
      if (i % 2 === 0) win.deliver(pageMessage([call]));
      else page.postMessage(pageMessage([call]));
    }
    expect(port.sentOfKind("page")).toHaveLength(RELAY_MESSAGES_PER_SECOND);
    expect(relay.stats().rateLimited).toBe(RELAY_MESSAGES_PER_SECOND * 2);
    now += 1_000;
    win.deliver(pageMessage([call]));
    expect(port.sentOfKind("page")).toHaveLength(RELAY_MESSAGES_PER_SECOND + 1);
  });

  it("greets a bridge that starts after the panel opened, with a new port", () => {
    port.deliver({ kind: "panel", open: true });
    win.deliver(pageMessage([announce]));
    expect(win.postedTypes()).toEqual(["hello", "hello"]);
    expect(win.posted[1]?.transfer).toEqual([channels[1]?.port2]);
    // The bridge's answer to hello is not an announcement, so it is not greeted again.
    bridgeEnd().postMessage(pageMessage([{ ...announce, announce: undefined }]));
    expect(win.postedTypes()).toEqual(["hello", "hello"]);
  });

  it("closes the old channel at each hello: one channel is open at a time, with one listener", () => {
    for (let i = 0; i < 50; i++) {
      port.deliver({ kind: "panel", open: true });
      port.deliver({ kind: "panel", open: false });
    }
    port.deliver({ kind: "panel", open: true });
    expect(channels).toHaveLength(51);
    const open = channels.filter((channel) => !channel.port1.closed);
    expect(open).toEqual([channels.at(-1)]);
    expect(channels.reduce((sum, channel) => sum + channel.port1.listenerCount, 0)).toBe(1);
    // A batch still posted over an old port goes nowhere.
    channels[0]?.port2Fake.postMessage(pageMessage([call]));
    expect(port.sentOfKind("page")).toEqual([]);
  });

  it("passes the panel's commands to the page: over the port once hello has carried one", () => {
    const command = {
      source: DEVTOOLS_SOURCE,
      v: PROTOCOL_VERSION,
      type: "command",
      id: "c1",
      command: { name: "isolateBreaker", scope: "messages:send" },
    };
    port.deliver({ kind: "command", id: "c1", command: command.command });
    expect(win.posted.at(-1)?.message).toEqual(command);
    port.deliver({ kind: "panel", open: true });
    const page = bridgeEnd();
    port.deliver({ kind: "command", id: "c2", command: command.command });
    expect(page.inbox).toEqual([{ ...command, id: "c2" }]);
    expect(win.postedTypes()).toEqual(["command", "hello"]);
  });

  it("says hello without a port where there is no MessageChannel, and keeps to the window", () => {
    relay.stop();
    relay = start({
      createChannel: () => {
        throw new ReferenceError("MessageChannel is not defined");
      },
    });
    port.deliver({ kind: "panel", open: true });
    expect(win.posted.at(-1)?.transfer).toBeUndefined();
    port.deliver({ kind: "panel", open: false });
    expect(win.postedTypes()).toEqual(["hello", "bye"]);
  });

  it("tells the page to sleep when the worker goes away, and stops on stop()", () => {
    port.deliver({ kind: "panel", open: true });
    const page = bridgeEnd();
    port.drop();
    expect(typesTo(page)).toEqual(["bye"]);
    expect(relay.stats().panelOpen).toBe(false);
    relay.stop();
    expect(channels[0]?.port1.closed).toBe(true);
    expect(channels[0]?.port1.listenerCount).toBe(0);
    expect(win.listenerCount).toBe(0);
    win.deliver(pageMessage([call]));
    page.postMessage(pageMessage([call]));
    expect(relay.stats().relayed).toBe(0);
  });

  it("works with a real MessageChannel", async () => {
    relay.stop();
    relay = start({ createChannel: undefined });
    port.deliver({ kind: "panel", open: true });
    // Node's MessagePort here (happy-dom's global MessagePort is another class).
    const transferred = win.posted[0]?.transfer?.[0] as MessagePort | undefined;
    if (transferred === undefined) throw new Error("hello carried no port");
    const commands: unknown[] = [];
    transferred.addEventListener("message", (event) => commands.push(event.data));
    transferred.start();
    try {
      transferred.postMessage(pageMessage([call]));
      await vi.waitFor(() => expect(port.sentOfKind("page")).toHaveLength(1), { timeout: 5_000 });
      port.deliver({ kind: "command", id: "r1", command: { name: "clear" } });
      await vi.waitFor(() => expect(commands).toHaveLength(1), { timeout: 5_000 });
      expect(commands[0]).toMatchObject({ type: "command", id: "r1" });
    } finally {
      relay.stop();
      transferred.close();
    }
  });
});
