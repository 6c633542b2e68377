import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const send = makeFunctionReference<"mutation">("messages:send");
const pay = makeFunctionReference<"action">("payments:charge");

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function rejecting(options: LensOptions) {
  lens = createLens({ devtools: false, ...options });
  const { client } = scriptedClient(() => {
    throw new ConvexError({ code: "VALIDATION", message: "Title must not be empty." });
  });
  return lens.instrument(client);
}

describe("the userMessage option", () => {
  it("keeps the calm catalog text by default", async () => {
    const client = rejecting({});
    await expect(client.mutation(send, {})).rejects.toMatchObject({
      code: "VALIDATION",
      userMessage: "Some of the details don't look right. Please check them and try again.",
    });
  });

  it("shows the ConvexError's own message when set to true", async () => {
    const client = rejecting({ userMessage: true });
    await expect(client.mutation(send, {})).rejects.toMatchObject({
      code: "VALIDATION",
      userMessage: "Title must not be empty.",
    });
  });

  it("lets one mapping choose per function, from the error's data", async () => {
    const client = rejecting({
      userMessage: (data, call) =>
        call.functionPath.startsWith("payments:")
          ? undefined
          : `${call.kind}: ${(data as { message: string }).message}`,
    });
    await expect(client.mutation(send, {})).rejects.toMatchObject({
      userMessage: "mutation: Title must not be empty.",
    });
    await expect(client.action(pay, {})).rejects.toMatchObject({
      userMessage: "Some of the details don't look right. Please check them and try again.",
    });
  });

  it("is refused at creation when it is neither a boolean nor a function", () => {
    expect(() => createLens({ userMessage: "yes" as never })).toThrow(/userMessage/);
  });
});
