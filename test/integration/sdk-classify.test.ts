import { classifyError, ErrorCode, LensError } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { badSend, chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { refusingPort } from "../support/refusingPort.js";

// Each failure shape the official clients produce, made for real against the local backend, then
// classified. The SDK's classifier must not depend on wording only convex-test produces.
let backend: SpawnedLocalBackend;
const ws: ConvexClient[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.clearFaults();
  for (const client of ws.splice(0)) await client.close();
});
afterAll(async () => {
  await backend?.stop();
});

const wsClient = () => {
  const client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  ws.push(client);
  return client;
};
const http = () =>
  new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a failure"),
    (e: unknown) => e,
  );

describe.each([
  ["websocket", () => wsClient() as unknown as ConvexHttpClient],
  ["http", http],
])("classifyError over %s", (transport, make) => {
  const context = (functionPath: string, kind: "query" | "mutation" | "action") => ({
    functionPath,
    kind,
    transport: transport as "websocket" | "http",
  });

  it("keeps a ConvexError a ConvexError, with its data and the app's own code", async () => {
    const raw = await failure(make().mutation(chat.send, { author: "ada", body: " " }));
    const error = classifyError(raw, context("messages:send", "mutation"));
    expect(error).toBeInstanceOf(ConvexError);
    expect(error).toBeInstanceOf(LensError);
    expect(error.code).toBe(ErrorCode.APPLICATION);
    expect(error.appCode).toBe("EMPTY_BODY");
    expect((error as unknown as ConvexError<{ code: string }>).data.code).toBe("EMPTY_BODY");
    expect(error.retryable).toBe(false);
  });

  it("reports an argument validation error as VALIDATION", async () => {
    const raw = await failure(make().mutation(badSend, { author: "ada", body: 5 }));
    const error = classifyError(raw, context("messages:send", "mutation"));
    expect(error.code).toBe(ErrorCode.VALIDATION);
    expect(error.retryable).toBe(false);
  });

  it("reports an uncaught server error as a non-retryable SERVER_ERROR (a bug) with its request id", async () => {
    const raw = await failure(make().mutation(chat.fail, {}));
    const error = classifyError(raw, context("messages:fail", "mutation"));
    expect(error.code).toBe(ErrorCode.SERVER_ERROR);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("reports a missing or internal function as FUNCTION_NOT_FOUND", async () => {
    const missing = makeFunctionReference<"query">("messages:doesNotExist");
    expect(classifyError(await failure(make().query(missing, {}))).code).toBe(
      ErrorCode.FUNCTION_NOT_FOUND,
    );
    const internal = await failure(make().mutation(chat.insertSystem, { author: "x", body: "y" }));
    expect(classifyError(internal).code).toBe(ErrorCode.FUNCTION_NOT_FOUND);
  });

  it.runIf(transport === "websocket")(
    "fails no call while overloaded: the socket closes, the client reconnects and the query resolves",
    async () => {
      await backend.setFaults({
        errorRate: 1,
        errorKind: "overloaded",
        functions: "messages:count",
      });
      const pending = make().query(chat.count, {});
      await eventually(async () =>
        expect((await backend.status()).faults.injectedErrors).toBeGreaterThan(0),
      );
      await backend.clearFaults();
      expect(typeof (await pending)).toBe("number");
    },
  );

  it.runIf(transport === "http")(
    "reports an overloaded deployment as a retryable OVERLOADED",
    async () => {
      await backend.setFaults({
        errorRate: 1,
        errorKind: "overloaded",
        functions: "messages:count",
      });
      const error = classifyError(
        await failure(make().query(chat.count, {})),
        context("messages:count", "query"),
      );
      expect(error.code).toBe(ErrorCode.OVERLOADED);
      expect(error.retryable).toBe(true);
    },
  );
});

describe("classifyError on transport failures", () => {
  it("reports a refused HTTP connection as a NETWORK failure that never reached the server", async () => {
    const closed = new ConvexHttpClient(`http://127.0.0.1:${await refusingPort()}`, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
    });
    const error = classifyError(await failure(closed.query(chat.count, {})), {
      functionPath: "messages:count",
      kind: "query",
      transport: "http",
    });
    expect(error.code).toBe(ErrorCode.NETWORK);
    expect(error.retryable).toBe(true);
    expect(error.preCommit).toBe(true);
  });

  it("reports an HTTP outage (connection dropped by the server) as NETWORK", async () => {
    await backend.setFaults({ refuseConnections: true });
    const error = classifyError(await failure(http().query(chat.count, {})));
    expect(error.code).toBe(ErrorCode.NETWORK);
  });

  it("reports an action cut off by a dropped socket as ACTION_CONNECTION_LOST", async () => {
    const client = wsClient();
    await client.query(chat.count, {});
    // The drop must land after the backend has the action and before it answers: wait for the
    // former (a fixed pause could be early or late on a loaded machine); the latency is the latter.
    await backend.setFaults({ latencyMs: 1_500, functions: "bot:reply" });
    const received = (await backend.status()).counters.actions;
    const pending = failure(client.action(chat.reply, { to: "ada" }));
    await eventually(async () =>
      expect((await backend.status()).counters.actions).toBeGreaterThan(received),
    );
    await backend.dropSockets();
    const error = classifyError(await pending, {
      functionPath: "bot:reply",
      kind: "action",
      transport: "websocket",
    });
    expect(error.code).toBe(ErrorCode.ACTION_CONNECTION_LOST);
    expect(error.preCommit).toBe(false);
  });
});
