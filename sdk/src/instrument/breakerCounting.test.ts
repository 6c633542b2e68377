import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");
const bug = () => new Error("[Request ID: 0123456789abcdef] Server Error\nUncaught Error: boom");
const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions) {
  lens = createLens({ retry: { initialDelayMs: 1, maxDelayMs: 5 }, ...options });
  return lens;
}

describe("breakers and developer errors", () => {
  it("runs a buggy mutation once and hands its request id to the caller at once", async () => {
    const lens = setup({});
    const { client, sent } = scriptedClient(() => {
      throw bug();
    });
    lens.instrument(client);
    const error = await client.mutation(send, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SERVER_ERROR", retryable: false });
    expect(error).toMatchObject({ requestId: "0123456789abcdef" });
    expect(sent).toHaveLength(1);
  });

  it("does not open a breaker on a function's bug by default", async () => {
    const lens = setup({ retry: false, breaker: { consecutiveFailures: 2 } });
    const { client, sent } = scriptedClient(() => {
      throw bug();
    });
    lens.instrument(client);
    for (let i = 0; i < 4; i++) {
      await expect(client.query(list, {})).rejects.toMatchObject({ code: "SERVER_ERROR" });
    }
    expect(sent).toHaveLength(4);
    expect(lens.breakers()[0]).toMatchObject({ state: "closed", failures: 0 });
  });

  it("opens a breaker on a function's bug when the lens asks to count developer errors", async () => {
    const lens = setup({
      retry: false,
      breaker: { consecutiveFailures: 2, countDeveloperErrors: true },
    });
    const { client, sent } = scriptedClient(() => {
      throw bug();
    });
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "SERVER_ERROR" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "SERVER_ERROR" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    expect(sent).toHaveLength(2);
  });

  it("lets one function count developer errors while the lens does not", async () => {
    const lens = setup({
      retry: false,
      breaker: { consecutiveFailures: 2 },
      functions: { "messages:send": { breaker: { countDeveloperErrors: true } } },
    });
    const { client } = scriptedClient(() => {
      throw bug();
    });
    lens.instrument(client);
    for (let i = 0; i < 2; i++) {
      await client.query(list, {}).catch(() => undefined);
      await client.mutation(send, {}).catch(() => undefined);
    }
    const states = Object.fromEntries(lens.breakers().map((b) => [b.scope, b.state]));
    expect(states).toEqual({ "messages:list": "closed", "messages:send": "open" });
  });

  it("still counts an overload as a breaker failure", async () => {
    const lens = setup({ retry: false, breaker: { consecutiveFailures: 2 } });
    const { client } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
  });
});
