import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { classifyError } from "../errors/index.js";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens } from "../lens.js";
import { createRedactor } from "../telemetry/redact.js";
import { createDevtoolsBridge, type PageWindow } from "./bridge.js";
import { startDevtoolsBridge } from "./lensDevtoolsHost.js";
import { DEVTOOLS_SOURCE, PROTOCOL_LIMITS, PROTOCOL_VERSION } from "./protocol.js";
import { callEntry, DEVTOOLS_BUFFER_BYTES, estimateBytes } from "./ringEntry.js";
import { callRecord, FakeDevtoolsHost } from "./test-support/fakeDevtoolsHost.js";

const redactor = createRedactor();
const SECRET = "tok-9f8e7d6c5b4a";

/** A page that keeps what the bridge posts, and can say hello as the content script would. */
function recordingPage() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const posted: unknown[] = [];
  const page: PageWindow = {
    location: { origin: "http://127.0.0.1:5173", href: "http://127.0.0.1:5173/" },
    postMessage: (message) => posted.push(message),
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  const hello = () => {
    for (const listener of listeners) {
      listener({
        data: { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" },
        source: page,
      } as never);
    }
  };
  return { page, posted, hello };
}

/** A lens with retries off and a dormant bridge started by hand on `page`. */
function lensWithBridge(page: PageWindow, script: Parameters<typeof scriptedClient>[0]) {
  const lens = createLens({ retry: false, breaker: false, devtools: false });
  const scripted = scriptedClient(script, undefined, { keepSent: false });
  lens.instrument(scripted.client);
  const bridge = startDevtoolsBridge(lens, true, () => {}, page);
  if (bridge === null) throw new Error("the bridge did not start");
  return { lens, scripted, bridge };
}

describe("callEntry", () => {
  it("keeps a plain success by reference, and a failure as a capped, redacted copy", () => {
    const success = callRecord();
    expect(callEntry(success, 1, redactor).item).toBe(success);
    const raw = new ConvexError({ code: "BAD", blob: "x".repeat(200_000), sessionToken: SECRET });
    const failure = callRecord({ error: classifyError(raw) });
    const entry = callEntry(failure, 2, redactor);
    expect(entry.serialised).toBe(true);
    expect(entry.item).not.toBe(failure);
    expect(JSON.stringify(entry.item)).not.toContain(SECRET);
    expect(entry.bytes).toBeLessThan(4_096);
  });

  it("weighs what it keeps by the protocol item's size", () => {
    expect(estimateBytes("abcd")).toBeGreaterThanOrEqual(8);
    expect(estimateBytes({ text: "x".repeat(1_000) })).toBeGreaterThan(2_000);
  });
});

describe("the dormant bridge's byte budget", () => {
  // 2,000 calls carrying 200 KB each: seconds under load on 2 cores, so a ceiling above the 5 s default.
  it("holds 2,000 failed calls with 200 KB of ConvexError data each in a few hundred KB", {
    timeout: 30_000,
  }, async () => {
    const { page, posted, hello } = recordingPage();
    const blob = "d".repeat(200_000);
    const { scripted, bridge } = lensWithBridge(page, () => {
      throw new ConvexError({ code: "BAD", blob, sessionToken: SECRET });
    });
    const fn = makeFunctionReference<"mutation">("auth:login");
    for (let i = 0; i < 2_000; i++) {
      await scripted.client.mutation(fn, { i }).catch(() => {});
    }
    const stats = bridge.stats();
    expect(stats.buffered).toBe(2_000);
    expect(stats.bufferedBytes).toBeLessThan(2_000 * 2_048);
    hello();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = JSON.stringify(posted);
    expect(sent).not.toContain(SECRET);
    expect(sent).not.toContain("d".repeat(1_000));
    bridge.dispose();
  });

  it("holds 300 calls that log 100 lines of 32 KiB each within its budget, dropping the oldest", () => {
    const host = new FakeDevtoolsHost();
    const { page } = recordingPage();
    const bridge = createDevtoolsBridge(
      host,
      { enabled: true, bufferSize: 2_000, allowCommands: false },
      page,
    );
    if (bridge === null) throw new Error("the bridge did not start");
    const line = "lorem ipsum dolor sit amet ".repeat(1_300).slice(0, 32 * 1_024);
    const events = Array.from({ length: 100 }, (_, i) => ({
      name: "convex.log",
      at: i,
      attributes: { level: "info", text: line },
    }));
    for (let i = 0; i < 300; i++) host.emitCall(callRecord({ events }));
    const stats = bridge.stats();
    // One call's copy: 100 log lines cut to the protocol's text cap, plus the record's fields.
    const oneCall = 100 * (2 * PROTOCOL_LIMITS.maxTextLength + 256) + 4_096;
    expect(stats.bufferedBytes).toBeLessThanOrEqual(DEVTOOLS_BUFFER_BYTES + oneCall);
    expect(stats.buffered).toBeGreaterThan(0);
    expect(stats.buffered).toBeLessThan(300);
    expect(stats.dropped).toBe(300 - stats.buffered);
    bridge.dispose();
  });
});
