import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");
const act = makeFunctionReference<"action">("ai:suggest");

// Convex shedding load (the HTTP API's body): transient, counted by breakers.
const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));

/** A seeded coin (mulberry32), so the raw and the instrumented run meet the same faults. */
function coin(seed: number): () => boolean {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 < 0.5;
  };
}

/** A transport where about half the requests fail as overloaded, in a seeded order. */
function halfFailing(seed: number) {
  const fails = coin(seed);
  return scriptedClient(() => {
    if (fails()) throw overloaded();
    return "landed";
  });
}

async function deliveredOf(
  sendOne: () => Promise<unknown>,
  count: number,
): Promise<{ delivered: number; codes: Set<string> }> {
  let delivered = 0;
  const codes = new Set<string>();
  for (let i = 0; i < count; i++) {
    await sendOne().then(
      () => delivered++,
      (error: { code?: string }) => codes.add(error.code ?? "raw"),
    );
  }
  return { delivered, codes };
}

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions) {
  lens = createLens({ devtools: false, retry: false, ...options });
  return lens;
}

const tripsFast = { minimumCalls: 4, openMs: 60_000 };

describe("an open breaker and user writes", () => {
  it("sends every write while open under 50 % transient failures, delivering at least what the raw client delivers", async () => {
    const raw = halfFailing(7);
    const rawRun = await deliveredOf(() => raw.client.mutation(send, {}), 60);

    const lens = setup({ breaker: tripsFast });
    const transitions: string[] = [];
    lens.onBreakerChange((t) => transitions.push(t.to));
    const instrumented = halfFailing(7);
    lens.instrument(instrumented.client);
    const run = await deliveredOf(() => instrumented.client.mutation(send, {}), 60);

    expect(transitions).toContain("open");
    expect(run.codes.has("CIRCUIT_OPEN")).toBe(false);
    expect(instrumented.sent).toHaveLength(60);
    expect(rawRun.delivered).toBeGreaterThan(20);
    expect(run.delivered).toBeGreaterThanOrEqual(rawRun.delivered);
  });

  it("sends actions while open too, and shows the open breaker in lens.breakers()", async () => {
    const lens = setup({ breaker: { ...tripsFast, consecutiveFailures: 2 } });
    const { client, sent } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    for (let i = 0; i < 4; i++) await client.action(act, {}).catch(() => undefined);
    expect(sent).toHaveLength(4);
    expect(lens.breakers()[0]).toMatchObject({ scope: "ai:suggest", state: "open" });
  });

  it("still refuses queries by default: a read fails fast with CIRCUIT_OPEN", async () => {
    const lens = setup({ breaker: { ...tripsFast, consecutiveFailures: 2 } });
    const { client, sent } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    for (let i = 0; i < 2; i++) await client.query(list, {}).catch(() => undefined);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    expect(sent).toHaveLength(2);
  });

  it("refuses a mutation whose policy sets breaker.failFast, and lets queries through with failFast false", async () => {
    const lens = setup({
      breaker: { ...tripsFast, consecutiveFailures: 2, failFast: false },
      functions: { "messages:send": { breaker: { failFast: true } } },
    });
    const { client, sent } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    for (let i = 0; i < 2; i++) {
      await client.mutation(send, {}).catch(() => undefined);
      await client.query(list, {}).catch(() => undefined);
    }
    await expect(client.mutation(send, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    expect(sent.filter((c) => c.kind === "mutation")).toHaveLength(2);
    expect(sent.filter((c) => c.kind === "query")).toHaveLength(3);
  });

  it("under a deployment-wide breaker, each call applies its own function's failFast", async () => {
    const lens = setup({
      breaker: { ...tripsFast, consecutiveFailures: 2, scope: "deployment" },
      functions: {
        "payments:charge": { breaker: { failFast: true } },
        "messages:count": { breaker: { failFast: false } },
      },
    });
    let down = true;
    const { client, sent } = scriptedClient(() => {
      if (down) throw overloaded();
      return "ok";
    });
    lens.instrument(client);
    for (let i = 0; i < 2; i++) await client.query(list, {}).catch(() => undefined);
    expect(lens.breakers()).toMatchObject([{ state: "open" }]);
    down = false;
    const charge = makeFunctionReference<"mutation">("payments:charge");
    const count = makeFunctionReference<"query">("messages:count");
    const other = makeFunctionReference<"query">("messages:other");
    // Queries are refused and writes sent, whichever function opened the breaker, unless configured.
    await expect(client.query(other, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    await expect(client.mutation(send, {})).resolves.toBe("ok");
    await expect(client.action(act, {})).resolves.toBe("ok");
    await expect(client.mutation(charge, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    await expect(client.query(count, {})).resolves.toBe("ok");
    expect(sent.slice(2).map((c) => c.path)).toEqual([
      "messages:send",
      "ai:suggest",
      "messages:count",
    ]);
    expect(lens.breakers()).toHaveLength(1);
  });

  it("trips a deployment-wide breaker by the lens's rules, whichever function called first", async () => {
    // payments:balance calls first; its own rule (3 in a row) must not become the deployment's.
    const lens = setup({
      breaker: { ...tripsFast, consecutiveFailures: 2, scope: "deployment" },
      functions: { "payments:*": { breaker: { consecutiveFailures: 3 } } },
    });
    const { client } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    const charge = makeFunctionReference<"query">("payments:balance");
    await client.query(charge, {}).catch(() => undefined);
    await client.query(list, {}).catch(() => undefined);
    expect(lens.breakers()).toMatchObject([{ state: "open" }]);
  });

  it("rejects a failFast that is not a boolean with a CONFIGURATION error naming it", () => {
    expect(() => setup({ breaker: { failFast: "yes" as unknown as boolean } })).toThrow(
      /breaker\.failFast must be a boolean/,
    );
    expect(() =>
      setup({ functions: { "a:b": { breaker: { failFast: 1 as unknown as boolean } } } }),
    ).toThrow(/functions\["a:b"\]\.breaker\.failFast must be a boolean/);
  });
});
