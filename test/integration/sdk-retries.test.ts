import { createLens, ErrorCode, type Lens, LensError } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
const clients: { close(): Promise<void> | void }[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.clearFaults();
  for (const client of clients.splice(0)) await client.close();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  await backend?.stop();
});

const wsClient = () => {
  const client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  clients.push(client);
  return client;
};
const httpClient = () =>
  new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet });

/** Fails `path` on the backend until `attempts` calls have failed, then heals it. */
async function failFirst(path: string, attempts: number) {
  await backend.setFaults({ errorRate: 1, functions: path });
  const before = (await backend.status()).faults.injectedErrors;
  return async () => {
    await eventually(async () => {
      expect((await backend.status()).faults.injectedErrors).toBeGreaterThanOrEqual(
        before + attempts,
      );
    });
    await backend.clearFaults();
  };
}

describe("retries against the local backend", () => {
  it("retries a query's overloaded answers: one logical span, an attempt span each, the same result", async () => {
    const tracing = memoryTracing();
    lens = createLens({
      tracerProvider: tracing.provider,
      retry: { initialDelayMs: 400, jitter: "none", maxAttempts: 4 },
    });
    const client = lens.instrument(httpClient());
    await client.mutation(chat.send, { author: "ada", body: "hello" });
    const heal = await failFirst("messages:count", 2);
    const pending = client.query(chat.count, {});
    await heal();
    await expect(pending).resolves.toBeGreaterThanOrEqual(1);
    const [logical] = tracing.logical("query messages:count");
    expect(logical).toBeDefined();
    const attempts = tracing.childrenOf(logical!);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.filter((s) => s.attributes["error.type"] === "OVERLOADED").length).toBe(
      attempts.length - 1,
    );
    expect(logical!.events.filter((e) => e.name === "convex.retry").length).toBe(
      attempts.length - 1,
    );
  });

  it("applies a mutation exactly once when sockets drop while it is in flight", async () => {
    lens = createLens();
    const client = lens.instrument(wsClient());
    const before = await client.query(chat.count, {});
    await backend.setFaults({ latencyMs: 400, functions: "messages:send" });
    const sending = client.mutation(chat.send, { author: "ada", body: "only once" });
    await new Promise((r) => setTimeout(r, 150));
    await backend.dropSockets();
    await expect(sending).resolves.toEqual(expect.any(String));
    await backend.clearFaults();
    await eventually(async () => expect(await httpClient().query(chat.count, {})).toBe(before + 1));
    const bodies = (await httpClient().query(chat.list, { limit: 1000 })).map((m) => m.body);
    expect(bodies.filter((b) => b === "only once")).toHaveLength(1);
  });

  it("fails a mutation that times out with OUTCOME_UNKNOWN, and it may still commit later", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider, timeoutMs: { mutation: 150 } });
    const client = lens.instrument(wsClient());
    const before = await client.query(chat.count, {});
    await backend.setFaults({ latencyMs: 600, functions: "messages:send" });
    const error = await client
      .mutation(chat.send, { author: "ada", body: "late" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LensError);
    expect((error as LensError).code).toBe(ErrorCode.OUTCOME_UNKNOWN);
    expect(tracing.logical("mutation messages:send")[0]?.attributes["error.type"]).toBe(
      "OUTCOME_UNKNOWN",
    );
    // The SDK did not re-send it, and the official client still delivers it: it commits once.
    await eventually(async () => expect(await httpClient().query(chat.count, {})).toBe(before + 1));
  });

  it("does not retry an action that failed on the server, overloaded or buggy", async () => {
    lens = createLens({ retry: { initialDelayMs: 10 } });
    const client = lens.instrument(httpClient());
    for (const [errorKind, code] of [
      ["overloaded", "OVERLOADED"],
      ["bug", "SERVER_ERROR"],
    ] as const) {
      await backend.setFaults({ errorRate: 1, errorKind, functions: "bot:reply" });
      const before = (await backend.status()).faults.injectedErrors;
      await expect(client.action(chat.reply, { to: "ada" })).rejects.toMatchObject({ code });
      expect((await backend.status()).faults.injectedErrors).toBe(before + 1);
    }
  });

  it("never retries a query's bug (a function that throws): one attempt, SERVER_ERROR", async () => {
    lens = createLens({ retry: { initialDelayMs: 10 } });
    const client = lens.instrument(httpClient());
    await backend.setFaults({ errorRate: 1, errorKind: "bug", functions: "messages:count" });
    const before = (await backend.status()).faults.injectedErrors;
    await expect(client.query(chat.count, {})).rejects.toMatchObject({
      code: "SERVER_ERROR",
      retryable: false,
    });
    expect((await backend.status()).faults.injectedErrors).toBe(before + 1);
  });
});

describe("breakers against the local backend", () => {
  it("open after the threshold, fail fast, half-open after openMs and close on success", async () => {
    const tracing = memoryTracing();
    lens = createLens({
      tracerProvider: tracing.provider,
      retry: false,
      breaker: { failureRateThreshold: 0.5, minimumCalls: 4, openMs: 500 },
    });
    const client = lens.instrument(httpClient());
    await backend.setFaults({ errorRate: 1, functions: "messages:count" });
    for (let i = 0; i < 4; i++) await client.query(chat.count, {}).catch(() => {});
    expect(lens.breaker("messages:count").snapshot().state).toBe("open");
    const injected = (await backend.status()).faults.injectedErrors;
    await expect(client.query(chat.count, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    expect((await backend.status()).faults.injectedErrors).toBe(injected);
    expect(tracing.spans().at(-1)?.attributes["convex.breaker.state"]).toBe("open");
    await backend.clearFaults();
    await new Promise((r) => setTimeout(r, 550));
    expect(lens.breaker("messages:count").snapshot().state).toBe("half-open");
    await expect(client.query(chat.count, {})).resolves.toEqual(expect.any(Number));
    expect(lens.breaker("messages:count").snapshot().state).toBe("closed");
  });
});

describe("telemetry never breaks the app", () => {
  it("returns the same results when the span exporter throws", async () => {
    const throwing = {
      onStart() {},
      onEnd() {
        throw new Error("exporter down");
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const tracing = memoryTracing([throwing]);
    lens = createLens({ tracerProvider: tracing.provider });
    const client = lens.instrument(httpClient());
    const plain = httpClient();
    const id = await client.mutation(chat.send, { author: "ada", body: "still works" });
    expect(typeof id).toBe("string");
    expect(await client.query(chat.count, {})).toBe(await plain.query(chat.count, {}));
    expect(lens.diagnostics().errors.span).toBeGreaterThan(0);
  });
});
