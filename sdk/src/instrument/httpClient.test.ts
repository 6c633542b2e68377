import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";

const send = makeFunctionReference<"mutation">("messages:send");
const list = makeFunctionReference<"query">("messages:list");
const PROXY_503 = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

/** A real ConvexHttpClient whose fetch answers from a script, one answer per request. */
function clientAnswering(answers: (() => Response)[]) {
  const sentAt: number[] = [];
  const client = new ConvexHttpClient("http://127.0.0.1:3210", {
    skipConvexDeploymentUrlCheck: true,
    logger: false,
    fetch: async () => {
      sentAt.push(Date.now());
      const next = answers.shift();
      if (next) return next();
      return Response.json({ status: "success", value: "ok", logLines: [] });
    },
  });
  return { client, sentAt };
}

function instrumented(client: ConvexHttpClient, options: LensOptions = {}) {
  lens = createLens({ retry: { initialDelayMs: 1, maxDelayMs: 2_000 }, ...options });
  return lens.instrument(client);
}

describe("an instrumented ConvexHttpClient", () => {
  it("retries a mutation refused by a proxy's 503 and counts it as a breaker failure", async () => {
    const { client, sentAt } = clientAnswering([() => new Response(PROXY_503, { status: 503 })]);
    instrumented(client, { breaker: { consecutiveFailures: 4 } });
    await expect(client.mutation(send, {})).resolves.toBe("ok");
    expect(sentAt).toHaveLength(2);

    const { client: down } = clientAnswering([
      () => new Response(PROXY_503, { status: 503 }),
      () => new Response(PROXY_503, { status: 503 }),
      () => new Response(PROXY_503, { status: 503 }),
      () => new Response(PROXY_503, { status: 503 }),
    ]);
    lens?.instrument(down);
    const error = await down.query(list, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "OVERLOADED", httpStatus: 503, retryable: true });
    expect(lens?.breakers().find((b) => b.scope === "messages:list")?.state).toBe("open");
  });

  it("reads a proxy's 502 and 504 as transient, not UNKNOWN, keeping the page as the message", async () => {
    const { client } = clientAnswering([
      () => new Response("Bad Gateway", { status: 502 }),
      () => new Response("Bad Gateway", { status: 502 }),
      () => new Response("Bad Gateway", { status: 502 }),
      () => new Response("Bad Gateway", { status: 502 }),
    ]);
    instrumented(client);
    const error = await client.query(list, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NETWORK", httpStatus: 502, message: "Bad Gateway" });

    const timedOut = clientAnswering([() => new Response("Gateway Timeout", { status: 504 })]);
    lens?.instrument(timedOut.client);
    await expect(timedOut.client.query(list, {})).resolves.toBe("ok");
    expect(timedOut.sentAt).toHaveLength(2);
  });

  it("waits out a 429's Retry-After before asking again", async () => {
    const { client, sentAt } = clientAnswering([
      () => new Response("Too Many Requests", { status: 429, headers: { "Retry-After": "1" } }),
    ]);
    instrumented(client);
    await expect(client.query(list, {})).resolves.toBe("ok");
    expect(sentAt).toHaveLength(2);
    expect((sentAt[1] ?? 0) - (sentAt[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("waits out Retry-After before the next attempt's timeout starts: a mutation refused with 503 lands, not OUTCOME_UNKNOWN", async () => {
    const { client, sentAt } = clientAnswering([
      () => new Response(PROXY_503, { status: 503, headers: { "Retry-After": "1" } }),
    ]);
    // The wait (1 s) is longer than the mutation's timeout (300 ms): it must not count toward it.
    instrumented(client, { timeoutMs: { mutation: 300 } });
    await expect(client.mutation(send, {})).resolves.toBe("ok");
    expect(sentAt).toHaveLength(2);
    expect((sentAt[1] ?? 0) - (sentAt[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("sends a buggy mutation once and fails at once with its request id", async () => {
    const { client, sentAt } = clientAnswering([
      () =>
        Response.json(
          {
            status: "error",
            errorMessage: "[Request ID: 9f8e7d6c5b4a3210] Server Error\nUncaught Error: boom",
            logLines: [],
          },
          { status: 560 },
        ),
    ]);
    instrumented(client);
    const error = await client.mutation(send, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SERVER_ERROR", requestId: "9f8e7d6c5b4a3210" });
    expect(sentAt).toHaveLength(1);
  });

  it("gives the app's own fetch back when the lens lets go of the client", async () => {
    const { client, sentAt } = clientAnswering([]);
    instrumented(client);
    await lens?.shutdown();
    lens = undefined;
    await expect(client.query(list, {})).resolves.toBe("ok");
    expect(sentAt).toHaveLength(1);
  });
});
