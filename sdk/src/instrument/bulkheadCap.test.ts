import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

describe("bulkheads past their cap of 1,000 functions", () => {
  it("still limit a new function: an idle bulkhead makes room instead of the limit being dropped", async () => {
    lens = createLens({
      devtools: false,
      retry: false,
      functions: { "generated:*": { maxConcurrent: 1, maxQueued: 0 } },
    });
    let answer: () => void = () => {};
    const { client } = scriptedClient(({ path }) =>
      path === "generated:last"
        ? new Promise<string>((resolve) => (answer = () => resolve("ok")))
        : "ok",
    );
    lens.instrument(client);
    // A thousand generated functions, each called once: every one leaves an idle bulkhead.
    for (let i = 0; i < 1_000; i++) {
      await client.action(makeFunctionReference<"action">(`generated:f${i}`), {});
    }
    const last = makeFunctionReference<"action">("generated:last");
    const running = client.action(last, {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(client.action(last, {})).rejects.toMatchObject({ code: "RATE_LIMITED" });
    answer();
    await expect(running).resolves.toBe("ok");
  });
});
