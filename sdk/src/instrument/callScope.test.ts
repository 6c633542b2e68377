import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const list = makeFunctionReference<"query", { channel: string }, string[]>("messages:list");
const send = makeFunctionReference<"mutation", { body: string }, string>("messages:send");
const act = makeFunctionReference<"action", Record<string, never>, string>("ai:suggest");

const serverError = () => new Error("[Request ID: 0123456789abcdef] Server Error");
const never = () => new Promise<never>(() => {});

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions = {}) {
  lens = createLens({ devtools: false, ...options });
  const records: CallRecord[] = [];
  lens.onCall((record) => records.push(record));
  return { lens, records };
}

describe("lens.call: options for one call", () => {
  it("keeps the client's own argument and result types", () => {
    const { lens } = setup();
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    const scoped = lens.call(client, { timeoutMs: 1_000 });
    expectTypeOf(scoped.mutation(send, { body: "hi" })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(scoped.query(list, { channel: "a" })).toEqualTypeOf<Promise<string[]>>();
    // @ts-expect-error: the arguments are still checked against the function's validator type.
    void scoped.mutation(send, { body: 1 }).catch(() => {});
  });

  it("times one call out with its own timeout, while other calls keep the policy's", async () => {
    const { lens } = setup({ retry: false, timeoutMs: { query: 60_000 } });
    const { client, sent } = scriptedClient(never);
    lens.instrument(client);
    const started = Date.now();
    await expect(
      lens.call(client, { timeoutMs: 30 }).query(list, { channel: "a" }),
    ).rejects.toMatchObject({
      code: "TIMEOUT",
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    const plain = client.query(list, { channel: "a" });
    const outcome = await Promise.race([
      plain.then(
        () => "settled",
        () => "settled",
      ),
      new Promise((r) => setTimeout(() => r("still waiting"), 150)),
    ]);
    expect(outcome).toBe("still waiting");
    expect(sent).toHaveLength(2);
  });

  it("cancels a pending backoff at once and fails with ABORTED, sending nothing more", async () => {
    const { lens, records } = setup({
      retry: { maxAttempts: 5, initialDelayMs: 10_000, maxDelayMs: 10_000, jitter: "none" },
    });
    const { client, sent } = scriptedClient(() => {
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    });
    lens.instrument(client);
    const controller = new AbortController();
    const call = lens.call(client, { signal: controller.signal }).query(list, { channel: "a" });
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(1);
    const started = Date.now();
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: "ABORTED" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(sent).toHaveLength(1);
    expect(records.at(-1)?.error?.code).toBe("ABORTED");
  });

  it("cancels a wait for a bulkhead slot at once, gives the place back and never sends", async () => {
    const { lens } = setup({ functions: { "ai:*": { maxConcurrent: 1, maxQueued: 1 } } });
    const releases: (() => void)[] = [];
    const { client, sent } = scriptedClient(
      () => new Promise((resolve) => releases.push(() => resolve("ok"))),
    );
    lens.instrument(client);
    const first = client.action(act, {});
    const controller = new AbortController();
    const queued = lens.call(client, { signal: controller.signal }).action(act, {});
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: "ABORTED" });
    // The queue place was given back: another call may wait for the slot.
    const next = client.action(act, {});
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await expect(first).resolves.toBe("ok");
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await expect(next).resolves.toBe("ok");
    expect(sent).toHaveLength(2);
  });

  it("fails at once with ABORTED when the signal has already aborted, without sending", async () => {
    const { lens } = setup({ retry: false });
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    await expect(
      lens.call(client, { signal: AbortSignal.abort() }).mutation(send, { body: "hi" }),
    ).rejects.toMatchObject({ code: "ABORTED" });
    expect(sent).toHaveLength(0);
  });

  it("stops waiting for an attempt in flight when aborted, even with retries off", async () => {
    const { lens } = setup({ retry: false });
    const { client } = scriptedClient(never);
    lens.instrument(client);
    const controller = new AbortController();
    const call = lens.call(client, { signal: controller.signal }).query(list, { channel: "a" });
    controller.abort(new Error("the user left the page"));
    await expect(call).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("re-sends a mutation whose outcome is unknown only for the call declared idempotent", async () => {
    const { lens } = setup({
      timeoutMs: { mutation: 20 },
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    let n = 0;
    const { client, sent } = scriptedClient(() => (n++ < 2 ? never() : "done"));
    lens.instrument(client);
    await expect(client.mutation(send, { body: "a" })).rejects.toMatchObject({
      code: "OUTCOME_UNKNOWN",
    });
    expect(sent).toHaveLength(1);
    await expect(
      lens.call(client, { idempotent: true }).mutation(send, { body: "b" }),
    ).resolves.toBe("done");
    expect(sent).toHaveLength(3);
  });

  it("lets one call opt out of a function's idempotency", async () => {
    const { lens } = setup({
      timeoutMs: { mutation: 20 },
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      functions: { "messages:send": { idempotent: true } },
    });
    const { client, sent } = scriptedClient(never);
    lens.instrument(client);
    await expect(
      lens.call(client, { idempotent: false }).mutation(send, { body: "a" }),
    ).rejects.toMatchObject({ code: "OUTCOME_UNKNOWN" });
    expect(sent).toHaveLength(1);
  });

  it("does not leak its options into the client's other calls", async () => {
    const { lens } = setup({ retry: false });
    const { client } = scriptedClient((call) => {
      if (call.path === "messages:send") throw serverError();
      return "ok";
    });
    lens.instrument(client);
    const controller = new AbortController();
    const scoped = lens.call(client, { signal: controller.signal });
    await expect(scoped.mutation(send, { body: "a" })).rejects.toMatchObject({
      code: "SERVER_ERROR",
    });
    controller.abort();
    await expect(client.query(list, { channel: "a" })).resolves.toBe("ok");
  });

  it("refuses a client this lens did not instrument, and bad options, with CONFIGURATION", () => {
    const { lens } = setup();
    const { client } = scriptedClient(() => "ok");
    expect(() => lens.call(client, {})).toThrow(/lens.instrument/);
    lens.instrument(client);
    expect(() => lens.call(client, { timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => lens.call(client, { signal: "soon" as unknown as AbortSignal })).toThrow(/signal/);
    expect(() => lens.call(client, { retries: 2 } as never)).toThrow(/retries/);
  });
});
