import { describe, expect, it } from "vitest";
import { newCallContext, runInCallContext } from "./callContext.js";
import { ExternalFetchError, guardedFetch } from "./externalFetch.js";

type Fetch = typeof globalThis.fetch;

/** A fetch that never answers unless aborted, like a black-holed service. */
const hanging: Fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
  });

const refused: Fetch = async () => {
  throw new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
  });
};

function inCall<T>(fn: () => Promise<T>) {
  const context = newCallContext("external:call", () => {});
  return { context, result: runInCallContext(context, fn) };
}

describe("guardedFetch", () => {
  it("fails a request that gets no answer within the timeout, and logs why", async () => {
    const fetch = guardedFetch(hanging, () => 50);
    const { context, result } = inCall(() =>
      fetch("https://api.example.com/v1", { method: "post" }),
    );
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalFetchError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as ExternalFetchError).code).toBe("ExternalServiceTimeout");
    expect((error as Error).message).toMatch(
      /^fetch POST https:\/\/api\.example\.com\/v1 got no response within 50 ms\./,
    );
    expect(context.buffer.snapshot()).toEqual([
      expect.stringMatching(/^\[ERROR\] 'fetch POST https:\/\/api\.example\.com\/v1 got no/),
    ]);
  });

  it("names the network error behind a failed request", async () => {
    const fetch = guardedFetch(refused, () => 1_000);
    const error = (await inCall(() => fetch(new URL("http://127.0.0.1:9/"))).result.catch(
      (e: unknown) => e,
    )) as ExternalFetchError;
    expect(error.code).toBe("ExternalServiceUnreachable");
    expect(error.message).toContain("fetch GET http://127.0.0.1:9/ failed after");
    expect(error.message).toContain("ECONNREFUSED 127.0.0.1:9");
  });

  it("leaves an abort by the caller as it is", async () => {
    const fetch = guardedFetch(hanging, () => 10_000);
    const controller = new AbortController();
    const { result } = inCall(() => fetch("https://x.example", { signal: controller.signal }));
    controller.abort(new Error("user gave up"));
    await expect(result).rejects.toThrow("user gave up");
  });

  it("does not touch requests made outside function calls", async () => {
    let seen: RequestInit | undefined;
    const fetch = guardedFetch(
      async (_input, init) => {
        seen = init;
        return new Response("ok");
      },
      () => 1,
    );
    await fetch("https://x.example");
    expect(seen).toBeUndefined();
  });
});
