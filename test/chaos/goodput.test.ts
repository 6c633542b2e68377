import { createLens, type Lens } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat, type Message } from "../support/chatApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// Never worse than the raw client (docs/reliability.md): raw and instrumented clients, over
// WebSocket and over HTTP, send the same mutations to the same backend at the same time, under one
// fault schedule — 10 % transient errors in the shapes Convex really sends (the kind rotates each
// second: overloaded, unavailable, try again later, rate limited), every socket dropped every 2 s,
// and a 3 s outage. The database is the judge: nothing acknowledged may be missing, nothing may be
// applied twice, and each instrumented side must deliver at least what its raw twin delivers.

const CLIENTS_PER_SIDE = 6;
const MUTATIONS_PER_SIDE = 900;
const CONCURRENCY_PER_CLIENT = 4;
/** HTTP writes answer in milliseconds: a pause between them makes those sides live through the outage. */
const HTTP_PAUSE_MS = 150;
const TRANSIENT_KINDS = ["overloaded", "unavailable", "try_again_later", "rate_limited"] as const;

let backend: SpawnedLocalBackend;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  backend = await startTestBackend();
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await backend?.stop();
});

type Send = (body: string) => Promise<unknown>;

interface Side {
  readonly name: string;
  readonly clients: Send[];
  /** Think time after each write; failures add the toast pause on top. */
  readonly pauseMs: number;
  readonly acknowledged: Set<string>;
  readonly attempted: Set<string>;
  /** Failures by the error's code (the raw clients' errors have none: "raw"). */
  readonly failures: Map<string, number>;
}

function side(name: string, clients: Send[], pauseMs = 0): Side {
  return {
    name,
    clients,
    pauseMs,
    acknowledged: new Set(),
    attempted: new Set(),
    failures: new Map(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs every mutation of one side; each body is unique so the database can judge it. */
async function drive(side: Side): Promise<void> {
  const perClient = Math.ceil(MUTATIONS_PER_SIDE / side.clients.length);
  await Promise.all(
    side.clients.map((send, c) => {
      let next = 0;
      const worker = async () => {
        while (next < perClient) {
          const body = `${side.name}-c${c}-m${next++}`;
          side.attempted.add(body);
          try {
            await send(body);
            side.acknowledged.add(body);
          } catch (error) {
            const code = String((error as { code?: unknown }).code ?? "raw");
            side.failures.set(code, (side.failures.get(code) ?? 0) + 1);
            // Like an app that shows a toast, the worker pauses before its next write.
            await sleep(50);
          }
          if (side.pauseMs > 0) await sleep(side.pauseMs);
        }
      };
      return Promise.all(Array.from({ length: CONCURRENCY_PER_CLIENT }, worker));
    }),
  );
}

/** Counts the retries an instrumented side made (attempts beyond the first). */
function countRetries(lens: Lens): { calls: number; retries: number } {
  const counted = { calls: 0, retries: 0 };
  lens.onCall((record) => {
    counted.calls++;
    counted.retries += record.attempts - 1;
  });
  return counted;
}

describe("chaos: never worse than the raw client", () => {
  it("delivers at least the raw client's goodput over WebSocket and HTTP, with nothing lost or duplicated", async () => {
    // The defaults an app gets: no tuning for this test.
    const wsLens = createLens({ devtools: false });
    const httpLens = createLens({ devtools: false });
    const retries = { websocket: countRetries(wsLens), http: countRetries(httpLens) };
    const options = { skipConvexDeploymentUrlCheck: true, logger: quiet };
    const make = <T>(create: () => T) => Array.from({ length: CLIENTS_PER_SIDE }, create);
    const rawWs = make(() => new ConvexClient(backend.url, options));
    const lensWs = make(() => wsLens.instrument(new ConvexClient(backend.url, options)));
    const rawHttp = make(() => new ConvexHttpClient(backend.url, options));
    const lensHttp = make(() => httpLens.instrument(new ConvexHttpClient(backend.url, options)));
    const overWs =
      (author: string) =>
      (client: ConvexClient): Send =>
      (body) =>
        client.mutation(chat.send, { author, body });
    const overHttp =
      (author: string) =>
      (client: ConvexHttpClient): Send =>
      (body) =>
        client.mutation(chat.send, { author, body });
    const sides = [
      side("raw-ws", rawWs.map(overWs("raw-ws"))),
      side("lens-ws", lensWs.map(overWs("lens-ws"))),
      side("raw-http", rawHttp.map(overHttp("raw-http")), HTTP_PAUSE_MS),
      side("lens-http", lensHttp.map(overHttp("lens-http")), HTTP_PAUSE_MS),
    ];

    await backend.setFaults({
      latencyMs: 5,
      jitterMs: 20,
      errorRate: 0.1,
      errorKind: TRANSIENT_KINDS[0],
      dropSocketsEveryMs: 2_000,
    });
    const started = Date.now();
    let running = true;
    const rotation = (async () => {
      for (let i = 1; running; i++) {
        await sleep(1_000);
        if (running) await backend.setFaults({ errorKind: TRANSIENT_KINDS[i % 4] });
      }
    })();
    const outage = (async () => {
      await sleep(2_000);
      await backend.setFaults({ refuseConnections: true });
      await sleep(3_000);
      await backend.setFaults({ refuseConnections: false });
    })();
    const finished = await Promise.all(
      sides.map(async (s) => {
        await drive(s);
        return Date.now() - started;
      }),
    );
    running = false;
    await Promise.all([outage, rotation]);
    const injected = (await backend.status()).faults.injectedErrors;
    await backend.clearFaults();

    const bodies = ((await backend.exportData()).tables.messages ?? []).map(
      (m) => (m as unknown as Message).body,
    );
    const applied = new Map<string, number>();
    for (const body of bodies) applied.set(body, (applied.get(body) ?? 0) + 1);

    const figures = sides.map((s, i) => ({
      name: s.name,
      attempted: s.attempted.size,
      acknowledged: s.acknowledged.size,
      goodput: s.acknowledged.size / s.attempted.size,
      lost: [...s.acknowledged].filter((body) => !applied.has(body)).length,
      duplicated: [...s.attempted].filter((body) => (applied.get(body) ?? 0) > 1).length,
      seconds: (finished[i] ?? 0) / 1000,
      failures: JSON.stringify(Object.fromEntries(s.failures)),
    }));
    console.info(
      `goodput: ${figures
        .map(
          (f) =>
            `${f.name} ${f.acknowledged}/${f.attempted} = ${(f.goodput * 100).toFixed(1)} % in ${f.seconds.toFixed(1)} s (lost ${f.lost}, duplicated ${f.duplicated}, failures ${f.failures})`,
        )
        .join(
          "; ",
        )}; lens retries: websocket ${retries.websocket.retries} over ${retries.websocket.calls} calls, http ${retries.http.retries} over ${retries.http.calls} calls; ${injected} transient errors injected, a 3 s outage, socket drops every 2 s`,
    );

    const by = Object.fromEntries(figures.map((f) => [f.name, f]));
    for (const f of figures) {
      expect(f.attempted, f.name).toBe(MUTATIONS_PER_SIDE);
      expect(f.lost, f.name).toBe(0);
      expect(f.duplicated, f.name).toBe(0);
    }
    expect(by["lens-ws"]?.goodput).toBeGreaterThanOrEqual(by["raw-ws"]?.goodput ?? 1);
    expect(by["lens-ws"]?.goodput).toBeGreaterThanOrEqual(0.95);
    expect(by["lens-http"]?.goodput).toBeGreaterThanOrEqual(by["raw-http"]?.goodput ?? 1);
    expect(unhandled).toEqual([]);

    await Promise.all([...rawWs, ...lensWs].map((client) => client.close()));
    await Promise.all([wsLens.shutdown(), httpLens.shutdown()]);
  });
});
