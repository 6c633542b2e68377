import { createLens, health, LensError, metrics } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat, type Message } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// Nothing lost, nothing duplicated: 20 instrumented clients (WebSocket and HTTP) run 5,000 mutations
// and live subscriptions while the backend injects latency with jitter, a 30% overload on the HTTP
// API (503 ExecuteFullError, as Convex sheds load), socket drops every two seconds and a full
// outage of several seconds. The database's final state is the judge; the SDK must also keep its
// retries within the retry budget's bound (no retry storm), open and recover breakers, leak no
// unhandled rejection, and return to healthy once the faults stop. Over WebSocket an overload
// closes the socket and the official client backs off by itself (see goodput.test.ts), so the
// overload here is the HTTP clients', whose retries are the SDK's.

const WS_CLIENTS = 12;
const HTTP_CLIENTS = 8;
const MUTATIONS = 5_000;
const CONCURRENCY_PER_CLIENT = 6;

type Outcome = "acknowledged" | "failed-before-commit" | "unknown";

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

function chaosLens() {
  return createLens({
    devtools: false,
    retry: { initialDelayMs: 50, maxDelayMs: 1_000 },
    breaker: { minimumCalls: 10, failureRateThreshold: 0.5, windowMs: 5_000, openMs: 1_000 },
    timeoutMs: { mutation: 20_000, query: 10_000 },
    use: [
      metrics({ windowMs: 2_000 }),
      health({ thresholds: { minCalls: 3, degradeAfterMs: 200, recoverAfterMs: 500 } }),
    ],
  });
}

describe("chaos: faults without loss", () => {
  it("applies every acknowledged mutation exactly once and no mutation that failed before commit", async () => {
    const lenses = Array.from({ length: 4 }, chaosLens);
    const breakerOpened = new Set<string>();
    let retries = 0;
    // Per lens: its calls, and the retries its budget paid for. Retries after a NETWORK or OFFLINE
    // failure are left out: one made while offline waited for the network and took no token.
    const budgeted = lenses.map(() => ({ calls: 0, retries: 0 }));
    lenses.forEach((lens, i) => {
      lens.onBreakerChange((t) => {
        if (t.to === "open") breakerOpened.add(t.scope);
      });
      lens.onCall((record) => {
        retries += record.attempts - 1;
        const counted = budgeted[i]!;
        counted.calls++;
        counted.retries += record.attemptDetails.filter(
          (a) =>
            a.attempt < record.attempts &&
            a.error !== null &&
            a.error.code !== "NETWORK" &&
            a.error.code !== "OFFLINE",
        ).length;
      });
    });
    const options = { skipConvexDeploymentUrlCheck: true, logger: quiet };
    const ws = Array.from({ length: WS_CLIENTS }, (_, i) =>
      lenses[i % lenses.length]!.instrument(new ConvexClient(backend.url, options)),
    );
    const http = Array.from({ length: HTTP_CLIENTS }, (_, i) =>
      lenses[i % lenses.length]!.instrument(new ConvexHttpClient(backend.url, options)),
    );
    type Send = (args: { author: string; body: string }) => Promise<unknown>;
    const clients: Send[] = [
      ...ws.map(
        (client): Send =>
          (args) =>
            client.mutation(chat.send, args),
      ),
      ...http.map(
        (client): Send =>
          (args) =>
            client.mutation(chat.send, args),
      ),
    ];

    // Every WebSocket client keeps a live subscription to the message count.
    const seenCounts = ws.map(() => -1);
    const unsubscribes = ws.map((client, i) =>
      client.onUpdate(
        chat.count,
        {},
        (n) => {
          seenCounts[i] = n;
        },
        () => {},
      ),
    );

    const outcomes = new Map<string, Outcome>();
    const work = clients.map((client, c) => {
      const ids = Array.from(
        { length: Math.ceil(MUTATIONS / clients.length) },
        (_, i) => `c${c}-m${i}`,
      );
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          try {
            await client({ author: `client-${c}`, body: id });
            outcomes.set(id, "acknowledged");
          } catch (error) {
            const lensError = error instanceof LensError ? error : null;
            // A failure the server reported, or that never left the client, rolled back; anything
            // else (a timeout, a connection cut mid-request) may or may not have committed.
            outcomes.set(id, lensError?.preCommit ? "failed-before-commit" : "unknown");
            // Like an app that shows a toast, the worker pauses before its next write.
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      };
      return Promise.all(Array.from({ length: CONCURRENCY_PER_CLIENT }, worker));
    });

    const started = Date.now();
    await backend.setFaults({
      latencyMs: 5,
      jitterMs: 25,
      errorRate: 0.3,
      errorKind: "overloaded",
      errorTransports: "http",
      dropSocketsEveryMs: 2_000,
    });
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 3_000));
      await backend.setFaults({ refuseConnections: true });
      await new Promise((r) => setTimeout(r, 3_000));
      await backend.setFaults({ refuseConnections: false });
    })();
    await Promise.all(work);
    await outage;
    const injected = (await backend.status()).faults;
    await backend.clearFaults();
    const faultsCleared = Date.now();

    // The judge: the database.
    const exported = await backend.exportData();
    const bodies = (exported.tables.messages ?? []).map((m) => (m as unknown as Message).body);
    const applied = new Map<string, number>();
    for (const body of bodies) applied.set(body, (applied.get(body) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    let appliedAfterFailure = 0;
    let unknown = 0;
    for (const [id, outcome] of outcomes) {
      const times = applied.get(id) ?? 0;
      if (times > 1) duplicated++;
      if (outcome === "acknowledged" && times === 0) lost++;
      if (outcome === "failed-before-commit" && times > 0) appliedAfterFailure++;
      if (outcome === "unknown") unknown++;
    }
    expect(outcomes.size).toBe(
      MUTATIONS + (clients.length - (MUTATIONS % clients.length || clients.length)),
    );
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(appliedAfterFailure).toBe(0);

    // No retry storm: each lens's budget (a token bucket, defaults 0.2 a call, 20 tokens) lets out
    // at most half its bucket in a burst, then 0.2 retries a call (sdk/src/resilience/retryBudget.ts).
    for (const { calls, retries: paid } of budgeted) {
      expect(paid).toBeLessThanOrEqual(20 / 2 + 0.2 * calls + 1);
    }

    // Subscriptions converge to the final state.
    const total = bodies.length;
    await eventually(() => expect(seenCounts.every((n) => n === total)).toBe(true), {
      timeoutMs: 20_000,
    });

    // Breakers opened during the outage and recover; health comes back.
    expect(breakerOpened.size).toBeGreaterThan(0);
    await eventually(
      async () => {
        // Breakers close only when a probe succeeds, so every function gets a call.
        for (const client of http) {
          await client.query(chat.count, {}).catch(() => {});
          await client
            .mutation(chat.send, { author: "probe", body: "after the storm" })
            .catch(() => {});
        }
        for (const lens of lenses) {
          expect(lens.breakers().every((b) => b.state === "closed")).toBe(true);
          expect(lens.health().status).toBe("healthy");
        }
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const recoveredMs = Date.now() - faultsCleared;
    expect(unhandled).toEqual([]);

    const acknowledged = [...outcomes.values()].filter((o) => o === "acknowledged").length;
    console.info(
      `chaos: ${outcomes.size} mutations from ${clients.length} clients in ${((faultsCleared - started) / 1000).toFixed(1)} s; ` +
        `faults injected ${injected.injectedErrors} errors + ${injected.delayedCalls} delays + a 3 s outage + socket drops every 2 s; ` +
        `retries ${retries} (budgeted ${budgeted.map((b) => `${b.retries}/${b.calls} calls`).join(", ")}); acknowledged ${acknowledged}; ` +
        `failed before commit ${[...outcomes.values()].filter((o) => o === "failed-before-commit").length}; ` +
        `lost ${lost}; duplicated ${duplicated}; ` +
        `unknown outcomes ${unknown} (applied ${[...outcomes].filter(([id, o]) => o === "unknown" && applied.has(id)).length}); ` +
        `breakers opened ${breakerOpened.size}; recovered in ${recoveredMs} ms`,
    );

    for (const unsubscribe of unsubscribes) unsubscribe();
    await Promise.all(ws.map((client) => client.close()));
    await Promise.all(lenses.map((lens) => lens.shutdown()));
  });
});
