import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { CircuitOpenError } from "../errors/index.js";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions, RefusedCall } from "../options.js";
import { policyFor } from "../policyFor.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const list = makeFunctionReference<"query", { channel: string }, string[]>("messages:list");
const send = makeFunctionReference<"mutation", { body: string }, string>("messages:send");

const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));
const bug = () => new Error("[Request ID: 0123456789abcdef] Server Error\nUncaught Error: boom");

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions) {
  lens = createLens({
    devtools: false,
    retry: false,
    breaker: { consecutiveFailures: 1, openMs: 60_000 },
    ...options,
  });
  return lens;
}

/** A client whose first request is overloaded (opening a one-failure breaker) and later ones answer. */
function tripsOnce() {
  let n = 0;
  return scriptedClient(() => {
    if (n++ === 0) throw overloaded();
    return ["fresh"];
  });
}

describe("a breaker's fallback", () => {
  it("answers a call its open breaker refused, with the refusal and the call", async () => {
    const seen: [CircuitOpenError, RefusedCall][] = [];
    const lens = setup({
      functions: {
        "messages:list": {
          fallback: (error, call) => {
            seen.push([error, call]);
            return ["cached"];
          },
        },
      },
    });
    const { client, sent } = tripsOnce();
    lens.instrument(client);
    await expect(client.query(list, { channel: "a" })).rejects.toMatchObject({
      code: "OVERLOADED",
    });
    await expect(client.query(list, { channel: "a" })).resolves.toEqual(["cached"]);
    expect(sent).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]).toBeInstanceOf(CircuitOpenError);
    expect(seen[0]?.[1]).toEqual({
      functionPath: "messages:list",
      kind: "query",
      args: { channel: "a" },
    });
  });

  it("never runs on other failures: the server's answer reaches the app", async () => {
    let calls = 0;
    const lens = setup({
      breaker: false,
      functions: {
        "messages:list": {
          fallback: () => {
            calls++;
            return ["cached"];
          },
        },
      },
    });
    const { client } = scriptedClient(() => {
      throw bug();
    });
    lens.instrument(client);
    await expect(client.query(list, { channel: "a" })).rejects.toMatchObject({
      code: "SERVER_ERROR",
    });
    expect(calls).toBe(0);
  });

  it("surfaces the original CircuitOpenError when it throws or rejects, and counts a hook diagnostic", async () => {
    const lens = setup({
      functions: {
        "messages:list": {
          fallback: () => {
            throw new Error("no cache");
          },
        },
        "messages:send": { breaker: { failFast: true }, fallback: async () => Promise.reject(1) },
      },
    });
    const { client } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    await client.query(list, { channel: "a" }).catch(() => undefined);
    await client.mutation(send, { body: "hi" }).catch(() => undefined);
    await expect(client.query(list, { channel: "a" })).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(client.mutation(send, { body: "hi" })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(lens.diagnostics().errors.hook).toBe(2);
  });

  it("is typed with the function's return type through policyFor", () => {
    const typed = policyFor(list, { fallback: () => ["cached"] });
    expect(Object.keys(typed)).toEqual(["messages:list"]);
    expectTypeOf(policyFor(send, { fallback: async () => "queued" })).toBeObject();
    // @ts-expect-error: messages:list returns string[], not a number.
    policyFor(list, { fallback: () => 42 });
  });

  it("must be a function, or the lens refuses the options with a CONFIGURATION error", () => {
    expect(() =>
      setup({ functions: { "messages:list": { fallback: [] as unknown as () => unknown } } }),
    ).toThrow(/functions\["messages:list"\]\.fallback must be a function/);
  });
});
