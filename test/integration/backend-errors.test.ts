import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { badSend, chat } from "../support/chatApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
let client: ConvexClient;
let http: ConvexHttpClient;

beforeAll(async () => {
  backend = await startTestBackend();
  client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  http = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
});

afterAll(async () => {
  await client?.close();
  await backend?.stop();
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("errors over WebSocket", () => {
  it("round-trips ConvexError data to the caller", async () => {
    const error = await rejection(client.mutation(chat.send, { author: "ada", body: "  " }));
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data).toEqual({
      code: "EMPTY_BODY",
      message: "A message needs some text.",
    });
    expect(error.message).toMatch(
      /\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught ConvexError/,
    );
  });

  it("reports an argument validation error and runs nothing", async () => {
    const before = await client.query(chat.count, {});
    const error = await rejection(client.mutation(badSend, { author: "ada", body: 5 }));
    expect(error).not.toBeInstanceOf(ConvexError);
    expect(error.message).toContain("ArgumentValidationError");
    expect(await client.query(chat.count, {})).toBe(before);
  });

  it("reports an uncaught error like a development deployment", async () => {
    const error = await rejection(client.mutation(chat.fail, {}));
    expect(error.message).toMatch(
      /^\[CONVEX M\(messages:fail\)\] \[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: the fixture failed on purpose/,
    );
  });

  it("keeps internal functions invisible to clients", async () => {
    const error = await rejection(client.mutation(chat.insertSystem, { author: "x", body: "y" }));
    expect(error.message).toContain(
      "Could not find public function for 'messages:insertSystem'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
    );
  });
});

describe("errors over HTTP", () => {
  it("uses status 560 for function errors, with ConvexError data", async () => {
    const error = await rejection(http.mutation(chat.send, { author: "ada", body: "" }));
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("EMPTY_BODY");
    const raw = await fetch(`${backend.url}/api/mutation`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "messages:fail", format: "convex_encoded_json", args: [{}] }),
    });
    expect(raw.status).toBe(560);
    expect(await raw.json()).toMatchObject({
      status: "error",
      errorMessage: expect.stringContaining("Uncaught Error: the fixture failed on purpose"),
    });
  });

  it("answers successful calls with their value", async () => {
    await http.mutation(chat.send, { author: "http", body: "over http" });
    const messages = await http.query(chat.list, {});
    expect(messages.some((m) => m.body === "over http")).toBe(true);
  });

  it.each([
    ["overloaded", "ExecuteFullError"],
    ["unavailable", "ServiceUnavailable"],
    ["try_again_later", "InternalServerError"],
    ["rate_limited", "TooManyConcurrentRequests"],
  ] as const)(
    "answers an injected %s with Convex's JSON {code, message} body, which the client surfaces",
    async (errorKind, code) => {
      await backend.setFaults({ errorRate: 1, errorKind, functions: "messages:count" });
      try {
        const error = await rejection(http.query(chat.count, {}));
        expect(JSON.parse(error.message)).toMatchObject({ code });
      } finally {
        await backend.clearFaults();
      }
    },
  );
});
