import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyError } from "../errors/index.js";
import { createLens } from "../lens.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

// Whatever the failures, the SDK never sends a non-idempotent mutation again unless the failure it
// saw certainly happened before commit, and never sends a non-idempotent action twice.

/** Failures as the official clients surface them. */
const failures = {
  serverError: () => new Error("[Request ID: 0123456789abcdef] Server Error"),
  overloaded: () => new Error("[Request ID: 0123456789abcdef] Server Error\nOverloaded: try again"),
  connectionReset: () =>
    Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } }),
  connectionRefused: () =>
    Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }),
  actionLost: () => new Error("Connection lost while action was in flight"),
  timeoutStatus: () => new Error(JSON.stringify({ code: "RequestTimeout", message: "504" })),
  convexError: () => new ConvexError({ code: "CONFLICT" }),
} as const;
const failureName = fc.constantFrom(...(Object.keys(failures) as (keyof typeof failures)[]));

describe("executeCall never re-sends what is not safe to re-send", () => {
  it.each(["mutation", "action"] as const)(
    "holds for a non-idempotent %s under any failure sequence",
    async (kind) => {
      const mutation = makeFunctionReference<"mutation">(`things:${kind}`);
      const action = makeFunctionReference<"action">(`things:${kind}`);
      await fc.assert(
        fc.asyncProperty(
          fc.array(failureName, { minLength: 1, maxLength: 6 }),
          async (sequence) => {
            const lens = createLens({
              devtools: false,
              breaker: false,
              retry: { initialDelayMs: 0, maxDelayMs: 0, maxAttempts: 6, budget: false },
            });
            let n = 0;
            const sentErrors: unknown[] = [];
            const { client, sent } = scriptedClient(() => {
              const name = sequence[n++];
              if (name === undefined) return "ok";
              const error = failures[name]();
              sentErrors.push(error);
              throw error;
            });
            lens.instrument(client);
            await (kind === "mutation"
              ? client.mutation(mutation, {})
              : client.action(action, {})
            ).catch(() => {});
            await lens.shutdown();
            // Every re-send must be justified by the failure before it.
            for (let i = 1; i < sent.length; i++) {
              const previous = classifyError(sentErrors[i - 1], {
                kind,
                functionPath: `things:${kind}`,
              });
              if (kind === "action") expect.fail(`an action was sent again after ${previous.code}`);
              expect(previous.preCommit, `re-sent after ${previous.code}`).toBe(true);
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});
