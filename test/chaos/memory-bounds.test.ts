import { createLens, everything } from "@convex-lens/sdk";
import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import type { PageWindow } from "../../sdk/src/devtools/bridge.js";
import { startDevtoolsBridge } from "../../sdk/src/devtools/lensDevtoolsHost.js";
import { DEVTOOLS_SOURCE, PROTOCOL_VERSION } from "../../sdk/src/devtools/protocol.js";
import { scriptedClient } from "../../sdk/src/instrument/test-support/scriptedClient.js";

// Memory stays bounded whatever the traffic: 1,000,000 calls through an instrumented client, with
// the DevTools bridge dormant and then active, grow the heap by less than HEAP_GROWTH_CAP (measured
// after a full GC; the suite runs with --expose-gc) and every buffer stays within its size.
const CALLS = 1_000_000;
const BUFFER = 2_000;
/** The documented cap (docs/reliability.md): far below what keeping per-call data would cost. */
const HEAP_GROWTH_CAP = 16 * 1024 * 1024;
const FUNCTIONS = Array.from({ length: 20 }, (_, i) =>
  makeFunctionReference<"query">(`module${i}:list`),
);

/** A window that accepts the bridge's messages and keeps nothing but a count. */
function discardingPage() {
  const listeners = new Set<(event: MessageEvent) => void>();
  let posted = 0;
  const page: PageWindow = {
    location: { origin: "http://127.0.0.1:5173", href: "http://127.0.0.1:5173/" },
    postMessage: () => {
      posted++;
    },
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
  return { page, hello, posted: () => posted };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc (the chaos project does)");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function run(client: {
  query: (ref: (typeof FUNCTIONS)[number], args: object) => Promise<unknown>;
}) {
  for (let i = 0; i < CALLS; i++) {
    await client.query(FUNCTIONS[i % FUNCTIONS.length]!, { i });
    // Let timers (the bridge's flush, the metrics throttle) run, as a page's event loop would.
    if ((i & 4095) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("memory bounds", () => {
  it("keeps heap growth under the cap over 1,000,000 calls, bridge dormant then active", async () => {
    // Every module on, as before they were opt-in: their windows, series, checks and audit log are
    // state that traffic could grow.
    const lens = createLens({ devtools: false, use: everything() });
    const { page, hello, posted } = discardingPage();
    const bridge = startDevtoolsBridge(
      lens,
      { enabled: true, bufferSize: BUFFER },
      () => {},
      page,
    )!;
    const { client } = scriptedClient(() => 1, undefined, { keepSent: false });
    lens.instrument(client);
    await run(client); // warm-up: JIT, metric series, call sites
    const before = heapAfterGc();

    await run(client);
    const dormant = heapAfterGc() - before;
    expect(bridge.stats().active).toBe(false);
    expect(bridge.stats().buffered).toBeLessThanOrEqual(BUFFER);

    hello();
    await run(client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const active = heapAfterGc() - before;
    expect(bridge.stats().active).toBe(true);
    expect(posted()).toBeGreaterThan(0);
    expect(bridge.stats().buffered).toBeLessThanOrEqual(BUFFER);

    const metrics = lens.metrics();
    expect(metrics.functions).toHaveLength(FUNCTIONS.length);
    for (const series of metrics.functions) expect(series.slowest.length).toBeLessThanOrEqual(5);
    console.info(
      `memory: ${(3 * CALLS).toLocaleString("en")} calls; heap growth after warm-up: dormant ${(dormant / 1024).toFixed(0)} KiB, ` +
        `active ${(active / 1024).toFixed(0)} KiB (cap ${HEAP_GROWTH_CAP / 1024 / 1024} MiB); bridge buffered ${bridge.stats().buffered}/${BUFFER}, posted ${posted()} messages`,
    );
    expect(dormant).toBeLessThan(HEAP_GROWTH_CAP);
    expect(active).toBeLessThan(HEAP_GROWTH_CAP);
    bridge.dispose();
    await lens.shutdown();
  });
});
