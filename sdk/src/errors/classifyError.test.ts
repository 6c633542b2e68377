import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClassifyContext, classifyError } from "./classifyError.js";
import {
  ActionConnectionLostError,
  FunctionNotFoundError,
  NetworkError,
  NotFoundError,
  ServerError,
  UnknownError,
} from "./codeErrors.js";
import { isErrorCode } from "./errorCode.js";
import { HttpStatusError } from "./HttpStatusError.js";
import { isLensConvexError } from "./LensConvexError.js";
import { LensError } from "./LensError.js";
import { MAX_MESSAGE_LENGTH } from "./safeText.js";
import { type DeploymentScript, fakeSyncDeployment } from "./test-support/fakeSyncDeployment.js";
import { listenTcp } from "./test-support/tcpServer.js";

const URL = "http://127.0.0.1:3210";
const send = makeFunctionReference<"mutation">("messages:send");
const list = makeFunctionReference<"query">("messages:list");
const summarise = makeFunctionReference<"action">("ai:summarise");

// ---- errors made by the real WebSocket client (ConvexClient from convex/browser) ----------------

const openClients: ConvexClient[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(openClients.splice(0).map((client) => client.close()));
});

function socketClient(script: DeploymentScript) {
  const deployment = fakeSyncDeployment(script);
  const client = new ConvexClient(URL, {
    webSocketConstructor: deployment.WebSocket as never,
    skipConvexDeploymentUrlCheck: true,
    logger: false,
  });
  openClients.push(client);
  return { client, deployment };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("failures reported over the WebSocket", () => {
  it("reads a production server error as a SERVER_ERROR that is never retried and keeps its request id", async () => {
    const { client } = socketClient({
      mutation: () => ({ errorMessage: "[Request ID: 8c2f51a0d4e6b7a3] Server Error" }),
    });
    const raw = await rejectionOf(client.mutation(send, { body: "hi" }));
    const error = classifyError(raw);

    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe("SERVER_ERROR");
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe("8c2f51a0d4e6b7a3");
    expect(error.functionPath).toBe("messages:send");
    expect(error.kind).toBe("mutation");
    // a failed mutation is a rolled-back transaction (request_manager.ts)
    expect(error.preCommit).toBe(true);
    // the raw client's message, framing and all, so apps that show or match it behave the same
    expect(error.message).toBe((raw as Error).message);
    expect(error.message).toBe(
      "[CONVEX M(messages:send)] [Request ID: 8c2f51a0d4e6b7a3] Server Error\n  Called by client",
    );
    expect(error.userMessage).toBe("Something went wrong on our side. Sorry about that.");
    expect(error.cause).toBe(raw);
  });

  it("never claims an action's failure rolled back, since actions are not transactions", async () => {
    const { client } = socketClient({
      action: () => ({ errorMessage: "[Request ID: a1] Server Error" }),
    });
    const error = classifyError(await rejectionOf(client.action(summarise, {})));

    expect(error.code).toBe("SERVER_ERROR");
    expect(error.kind).toBe("action");
    expect(error.preCommit).toBe(false);
  });

  it("does not claim a rollback when it cannot tell which kind of function failed", () => {
    const error = classifyError(new Error("[Request ID: u1] Server Error"));

    expect(error.kind).toBeUndefined();
    expect(error.preCommit).toBe(false);
  });

  it("reads a dev deployment's uncaught error as SERVER_ERROR and keeps the client's prefix and trailer in its message", async () => {
    const { client } = socketClient({
      query: () => ({
        errorMessage:
          "[Request ID: 77aa] Server Error\nUncaught Error: boom\n    at handler (../convex/messages.ts:12:9)\n",
      }),
    });
    const error = classifyError(await rejectionOf(client.query(list, {})));

    expect(error.code).toBe("SERVER_ERROR");
    expect(error.kind).toBe("query");
    expect(error.functionPath).toBe("messages:list");
    expect(error.message).toMatch(
      /^\[CONVEX Q\(messages:list\)\] \[Request ID: 77aa\] Server Error\n/,
    );
    expect(error.message).toContain("Uncaught Error: boom");
    expect(error.message).toMatch(/Called by client$/);
    expect(error.requestId).toBe("77aa");
  });

  it("keeps a ConvexError a ConvexError with the same data while giving it the taxonomy's code", async () => {
    const data = { code: "NOT_FOUND", message: "No message with that id." };
    const { client } = socketClient({
      query: () => ({
        errorMessage: "[Request ID: q1] Server Error\nUncaught ConvexError: …",
        errorData: data,
      }),
    });
    const raw = await rejectionOf(client.query(list, {}));
    const error = classifyError(raw);

    expect(raw).toBeInstanceOf(ConvexError);
    expect(error).toBeInstanceOf(ConvexError);
    expect(error).toBeInstanceOf(LensError);
    expect(error).toBeInstanceOf(NotFoundError);
    // A log or a debugger names its class as the app's own.
    expect(error.constructor.name).toBe("ConvexError");
    expect((error as unknown as ConvexError<typeof data>).data).toBe(
      (raw as ConvexError<typeof data>).data,
    );
    expect(error.name).toBe("ConvexError");
    expect(error.code).toBe("NOT_FOUND");
    expect(error.appCode).toBe("NOT_FOUND");
    expect(error.retryable).toBe(false);
    expect(error.preCommit).toBe(true);
    expect(error.requestId).toBe("q1");
    expect(error.functionPath).toBe("messages:list");
    // the app's text is not shown to users unless the app opts in
    expect(error.userMessage).toBe("We couldn't find what you were looking for.");
    expect(isLensConvexError(error)).toBe(true);
  });

  it("makes a ConvexError with an unknown code APPLICATION and keeps the app's code", async () => {
    const { client } = socketClient({
      mutation: () => ({
        errorMessage: "Uncaught ConvexError: …",
        errorData: { code: "ROOM_FULL", seats: 12 },
      }),
    });
    const error = classifyError(await rejectionOf(client.mutation(send, {})));

    expect(error.code).toBe("APPLICATION");
    expect(error.appCode).toBe("ROOM_FULL");
    expect(error.retryable).toBe(false);
    expect(error).toBeInstanceOf(ConvexError);
  });

  it("makes a ConvexError with string data APPLICATION without an app code", async () => {
    const { client } = socketClient({
      mutation: () => ({
        errorMessage: "Uncaught ConvexError: Room is full",
        errorData: "Room is full",
      }),
    });
    const error = classifyError(await rejectionOf(client.mutation(send, {})));

    expect(error.code).toBe("APPLICATION");
    expect(error.appCode).toBeUndefined();
    expect((error as unknown as ConvexError<string>).data).toBe("Room is full");
  });

  it("reads argument validation failures as VALIDATION that never ran, even for actions", async () => {
    const { client } = socketClient({
      action: () => ({
        errorMessage:
          "[Request ID: v1] Server Error\nArgumentValidationError: Value does not match validator.\nPath: .body\nValue: 5\nValidator: v.string()",
      }),
    });
    const error = classifyError(await rejectionOf(client.action(summarise, {})));

    expect(error.code).toBe("VALIDATION");
    expect(error.retryable).toBe(false);
    expect(error.preCommit).toBe(true);
    expect(error.kind).toBe("action");
  });

  it("reads a missing function as FUNCTION_NOT_FOUND, not as a retryable server error", async () => {
    const { client } = socketClient({
      query: () => ({
        errorMessage:
          "[Request ID: m1] Server Error\nCould not find public function for 'messages:lst'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
      }),
    });
    const error = classifyError(await rejectionOf(client.query(list, {})));

    expect(error).toBeInstanceOf(FunctionNotFoundError);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe("m1");
  });

  it("reads a function's read limit as LIMIT_EXCEEDED so the same call is not retried", async () => {
    const { client } = socketClient({
      query: () => ({
        errorMessage:
          "[Request ID: l1] Server Error\nUncaught Error: Too many reads in a single function execution (limit: 4096)",
      }),
    });
    const error = classifyError(await rejectionOf(client.query(list, {})));

    expect(error.code).toBe("LIMIT_EXCEEDED");
    expect(error.retryable).toBe(false);
  });

  it("reads an optimistic concurrency failure as a retryable CONFLICT that did not commit", async () => {
    const { client } = socketClient({
      mutation: () => ({
        errorMessage:
          'Documents read from or written to the "messages" table changed while this mutation was being run and on every subsequent retry. See https://docs.convex.dev/error#1',
      }),
    });
    const error = classifyError(await rejectionOf(client.mutation(send, {})));

    expect(error.code).toBe("CONFLICT");
    expect(error.retryable).toBe(true);
    expect(error.preCommit).toBe(true);
  });

  it("reads Convex's load-shedding texts as retryable OVERLOADED", async () => {
    const { client } = socketClient({
      mutation: () => ({
        errorMessage:
          "TooManyWritesInTimePeriod: Too many insert / update / delete operations in a short period of time. Spread your writes out over time or throttle them to avoid errors.",
      }),
    });
    const error = classifyError(await rejectionOf(client.mutation(send, {})));

    expect(error.code).toBe("OVERLOADED");
    expect(error.retryable).toBe(true);
    expect(error.preCommit).toBe(true);
    expect(classifyError(new Error("The deployment is overloaded. Try again later.")).code).toBe(
      "OVERLOADED",
    );
  });

  it("reads a dev deployment's function that throws transient-sounding words as a bug, as production would", () => {
    for (const thrown of [
      "Service unavailable, try again later",
      "Rate limit exceeded",
      "Overloaded",
    ]) {
      const dev = classifyError(
        new Error(
          `[Request ID: d1] Server Error\nUncaught Error: ${thrown}\n    at handler (../convex/a.ts:1:1)`,
        ),
        { kind: "mutation" },
      );
      expect([thrown, dev.code, dev.retryable]).toEqual([thrown, "SERVER_ERROR", false]);
    }
  });

  it("reads an action cut off by a reconnect as ACTION_CONNECTION_LOST with an unknown outcome", async () => {
    vi.useFakeTimers();
    const { client, deployment } = socketClient({ action: () => "hold" });
    const pending = rejectionOf(client.action(summarise, { text: "long" }));
    await vi.advanceTimersByTimeAsync(10);
    deployment.sockets[0]?.drop(1006, "");
    // the client reconnects after its backoff, then fails the in-flight action (request_manager.ts)
    await vi.advanceTimersByTimeAsync(20_000);
    const error = classifyError(await pending);

    expect(error).toBeInstanceOf(ActionConnectionLostError);
    expect(error.retryable).toBe(false);
    expect(error.preCommit).toBe(false);
    expect(error.kind).toBe("action");
    expect(error.functionPath).toBe("ai:summarise");
    expect(error.message).toBe(
      "[CONVEX A(ai:summarise)] Connection lost while action was in flight\n  Called by client",
    );
  });

  it("reads values Convex cannot encode as VALIDATION that was never sent", async () => {
    const { client } = socketClient({});
    const error = classifyError(
      await rejectionOf(client.mutation(send, { when: new Date() as never })),
      {
        functionPath: "messages:send",
        kind: "mutation",
      },
    );

    expect(error.code).toBe("VALIDATION");
    expect(error.preCommit).toBe(true);
  });
});

// ---- errors made by the real ConvexHttpClient ---------------------------------------------------

interface Canned {
  status: number;
  body: string;
}

function httpClient(canned: Canned) {
  const seen: { status?: number } = {};
  const client = new ConvexHttpClient(URL, {
    skipConvexDeploymentUrlCheck: true,
    logger: false,
    fetch: async () => {
      seen.status = canned.status;
      return new Response(canned.body, { status: canned.status });
    },
  });
  return { client, seen };
}

const failed = (result: object): Canned => ({
  status: 560,
  body: JSON.stringify({ status: "error", logLines: [], ...result }),
});

describe("failures reported over HTTP", () => {
  it("reads a 560 function failure without the WebSocket prefix", async () => {
    const { client, seen } = httpClient(failed({ errorMessage: "[Request ID: h1] Server Error" }));
    const raw = await rejectionOf(client.mutation(send, {}));
    const error = classifyError(raw, {
      functionPath: "messages:send",
      kind: "mutation",
      httpStatus: seen.status,
    });

    expect(error.code).toBe("SERVER_ERROR");
    expect(error.requestId).toBe("h1");
    expect(error.preCommit).toBe(true);
    expect(error.httpStatus).toBe(500);
  });

  it("keeps a 560 ConvexError a ConvexError with the app's data", async () => {
    const { client } = httpClient(
      failed({ errorMessage: "Uncaught ConvexError: …", errorData: { code: "forbidden" } }),
    );
    const raw = await rejectionOf(client.query(list, {}));
    const error = classifyError(raw, { functionPath: "messages:list", kind: "query" });

    expect(error).toBeInstanceOf(ConvexError);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.appCode).toBe("forbidden");
    expect((error as unknown as ConvexError<{ code: string }>).data).toEqual({ code: "forbidden" });
  });

  it("reads a 401 body as UNAUTHENTICATED whether or not the status was observed", async () => {
    const body = JSON.stringify({
      code: "Unauthenticated",
      message:
        "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
    });
    const { client, seen } = httpClient({ status: 401, body });
    const raw = await rejectionOf(client.query(list, {}));

    const fromBody = classifyError(raw, { kind: "query" });
    const fromStatus = classifyError(raw, { kind: "query", httpStatus: seen.status });
    expect(fromBody.code).toBe("UNAUTHENTICATED");
    expect(fromBody.message).toContain("Could not verify OIDC token claim");
    expect(fromStatus.code).toBe("UNAUTHENTICATED");
    expect(fromStatus.httpStatus).toBe(401);
    expect(fromStatus.retryable).toBe(false);
  });

  it.each([
    "Could not parse as id token: Invalid JWT: header is not base64",
    "Expired: ID token expired at 2026-11-28T10:00:00Z",
  ])("reads the deployment's auth error %j as UNAUTHENTICATED", (message) => {
    expect(classifyError(new Error(message)).code).toBe("UNAUTHENTICATED");
  });

  it("reads a 503 overload body as OVERLOADED that did not commit a mutation", async () => {
    const body = JSON.stringify({
      code: "TooManyConcurrentRequests",
      message: "Too many concurrent requests.",
    });
    const { client } = httpClient({ status: 503, body });
    const error = classifyError(await rejectionOf(client.mutation(send, {})), { kind: "mutation" });

    expect(error.code).toBe("OVERLOADED");
    expect(error.retryable).toBe(true);
    expect(error.preCommit).toBe(true);
  });

  it('reads a 500 internal error ("Try again later") as retryable OVERLOADED whose commit is unknown', async () => {
    const body = JSON.stringify({
      code: "InternalServerError",
      message: "Your request couldn't be completed. Try again later.",
    });
    const { client, seen } = httpClient({ status: 500, body });
    const raw = await rejectionOf(client.mutation(send, {}));

    for (const context of [
      { kind: "mutation" },
      { kind: "mutation", httpStatus: seen.status },
    ] as const) {
      const error = classifyError(raw, context);
      expect(error.code).toBe("OVERLOADED");
      expect(error.retryable).toBe(true);
      expect(error.preCommit).toBe(false);
    }
  });

  it("maps observed statuses that carry no Convex body", async () => {
    const cases: [number, string, ClassifyContext["kind"], string][] = [
      [429, "Too Many Requests", "query", "RATE_LIMITED"],
      [413, "length limit exceeded", "mutation", "PAYLOAD_TOO_LARGE"],
      [403, "Forbidden", "query", "FORBIDDEN"],
      [404, "Not Found", "query", "NOT_FOUND"],
      [502, "<html>Bad Gateway</html>", "query", "NETWORK"],
      [503, "Service Unavailable", "query", "OVERLOADED"],
      [504, "Gateway Timeout", "query", "TIMEOUT"],
      [504, "Gateway Timeout", "mutation", "OUTCOME_UNKNOWN"],
      [500, "oops", "query", "OVERLOADED"],
      [520, "<html>Web server is returning an unknown error</html>", "query", "OVERLOADED"],
      [418, "teapot", "query", "VALIDATION"],
    ];
    for (const [status, body, kind, code] of cases) {
      const { client, seen } = httpClient({ status, body });
      const raw = await rejectionOf(client.query(list, {}));
      const error = classifyError(raw, { kind, httpStatus: seen.status });
      expect([status, error.code]).toEqual([status, code]);
      expect(error.httpStatus).toBe(status);
    }
  });

  it("reads a proxy's 503 page carried by an HttpStatusError as retryable OVERLOADED with its Retry-After", () => {
    const raw = new HttpStatusError(
      "<html><body><h1>503 Service Unavailable</h1></body></html>",
      503,
      2_000,
    );
    const error = classifyError(raw, { functionPath: "messages:send", kind: "mutation" });

    expect(error.code).toBe("OVERLOADED");
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBe(503);
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.preCommit).toBe(true);
    expect(error.message).toBe(raw.message);
  });

  it("reads a proxy's 502 text as retryable NETWORK, not UNKNOWN", () => {
    const error = classifyError(new HttpStatusError("Bad Gateway", 502), { kind: "query" });
    expect(error.code).toBe("NETWORK");
    expect(error.retryable).toBe(true);
  });

  it("lets Convex's error body name the failure more precisely than its status", () => {
    const body = JSON.stringify({
      code: "OptimisticConcurrencyControlFailure",
      message:
        'Documents read from or written to the "messages" table changed while this mutation was being run and on every subsequent retry.',
    });
    const error = classifyError(new HttpStatusError(body, 503), { kind: "mutation" });
    expect(error.code).toBe("CONFLICT");
    expect(error.httpStatus).toBe(503);
    expect(error.retryable).toBe(true);
  });

  it("tells a missing function from a missing record on a 404", () => {
    const missing = classifyError(new Error("Could not find public function for 'messages:lst'."), {
      httpStatus: 404,
    });
    expect(missing.code).toBe("FUNCTION_NOT_FOUND");
    expect(classifyError(new Error("No such deployment"), { httpStatus: 404 }).code).toBe(
      "NOT_FOUND",
    );
  });

  it("reads a text-only 413 as PAYLOAD_TOO_LARGE even without the status", () => {
    expect(
      classifyError(new Error("Failed to buffer the request body: length limit exceeded")).code,
    ).toBe("PAYLOAD_TOO_LARGE");
  });
});

// ---- transport failures --------------------------------------------------------------------------

describe("transport failures", () => {
  it("reads a refused connection as NETWORK that certainly never reached the server", async () => {
    const server = await listenTcp();
    await server.close();
    const client = new ConvexHttpClient(`http://127.0.0.1:${server.port}`, {
      skipConvexDeploymentUrlCheck: true,
    });
    const error = classifyError(await rejectionOf(client.mutation(send, {})), { kind: "mutation" });

    expect(error).toBeInstanceOf(NetworkError);
    expect(error.retryable).toBe(true);
    expect(error.preCommit).toBe(true);
    expect(error.message).toBe("fetch failed");
  });

  it("reads a connection reset mid-request as NETWORK whose commit is unknown", async () => {
    const server = await listenTcp((socket) => socket.on("data", () => socket.destroy()));
    const client = new ConvexHttpClient(`http://127.0.0.1:${server.port}`, {
      skipConvexDeploymentUrlCheck: true,
    });
    try {
      const error = classifyError(await rejectionOf(client.mutation(send, {})), {
        kind: "mutation",
      });
      expect(error.code).toBe("NETWORK");
      expect(error.preCommit).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("recognises every browser's fetch failure text", () => {
    for (const text of [
      "Failed to fetch",
      "NetworkError when attempting to fetch resource.",
      "Load failed",
      "Network request failed",
    ]) {
      const error = classifyError(new TypeError(text));
      expect([text, error.code, error.preCommit]).toEqual([text, "NETWORK", false]);
    }
  });

  it("reads DNS failures and Node's per-address AggregateError as never connected", () => {
    const dns = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("getaddrinfo ENOTFOUND example.invalid"), {
        code: "ENOTFOUND",
      }),
    });
    const aggregate = new AggregateError(
      [Object.assign(new Error("connect ECONNREFUSED ::1:3210"), { code: "ECONNREFUSED" })],
      "",
    );
    const localhost = Object.assign(new TypeError("fetch failed"), { cause: aggregate });

    expect(classifyError(dns).preCommit).toBe(true);
    expect(classifyError(localhost).code).toBe("NETWORK");
    expect(classifyError(localhost).preCommit).toBe(true);
  });
});

describe("cancellation and deadlines", () => {
  it("reads an aborted fetch as ABORTED, not retryable", async () => {
    const controller = new AbortController();
    controller.abort();
    const raw = await rejectionOf(fetch("http://127.0.0.1:9/", { signal: controller.signal }));
    const error = classifyError(raw);

    expect(error.code).toBe("ABORTED");
    expect(error.retryable).toBe(false);
    expect(error.httpStatus).toBe(499);
  });

  it("reads any rejection with the signal's own reason as ABORTED", () => {
    const controller = new AbortController();
    controller.abort("user navigated away");
    const error = classifyError(controller.signal.reason, {
      signal: controller.signal,
      kind: "query",
    });

    expect(error.code).toBe("ABORTED");
    expect(error.message).toBe("user navigated away");
  });

  it("reads a DOM timeout as TIMEOUT for a query and OUTCOME_UNKNOWN for a write", () => {
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");

    expect(classifyError(timeout, { kind: "query" }).code).toBe("TIMEOUT");
    expect(classifyError(timeout, { kind: "mutation" }).code).toBe("OUTCOME_UNKNOWN");
    expect(classifyError(timeout, { kind: "action" }).code).toBe("OUTCOME_UNKNOWN");
  });
});

describe("client setup mistakes", () => {
  it("reads a bad deployment URL as CONFIGURATION", () => {
    let raw: unknown;
    try {
      new ConvexClient("ftp://example.com");
    } catch (error) {
      raw = error;
    }
    const error = classifyError(raw);

    expect(error.code).toBe("CONFIGURATION");
    expect(error.retryable).toBe(false);
  });

  it("reads a client used after close as CONFIGURATION", () => {
    expect(classifyError(new Error("ConvexReactClient has already been closed.")).code).toBe(
      "CONFIGURATION",
    );
  });
});

describe("the app's own messages", () => {
  const convexError = () =>
    new ConvexError({ code: "VALIDATION", message: "Title must not be empty." });

  it("shows the app's message to users only when the app opts in", () => {
    expect(classifyError(convexError()).userMessage).not.toContain("Title");
    expect(classifyError(convexError(), { appUserMessage: true }).userMessage).toBe(
      "Title must not be empty.",
    );
    expect(
      classifyError(convexError(), {
        appUserMessage: (data) => `Sorry: ${(data as { message: string }).message}`,
      }).userMessage,
    ).toBe("Sorry: Title must not be empty.");
  });

  it("keeps the calm text when the app's chooser throws", () => {
    const error = classifyError(convexError(), {
      appUserMessage: () => {
        throw new Error("bad chooser");
      },
    });
    expect(error.userMessage).toBe(
      "Some of the details don't look right. Please check them and try again.",
    );
  });

  it("reads the rate limiter component's ConvexError as RATE_LIMITED with its wait, never retried", () => {
    const error = classifyError(
      new ConvexError({ kind: "RateLimited", name: "sendMessage", retryAfter: 1500 }),
    );

    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterMs).toBe(1500);
    expect(error.retryable).toBe(false);
  });

  it("recognises a ConvexError from a duplicated copy of convex/values", () => {
    class DuplicateConvexError extends Error {
      override name = "ConvexError";
      constructor(readonly data: unknown) {
        super("dup");
        // what convex/values puts on every ConvexError, in every copy of the package
        Object.defineProperty(this, Symbol.for("ConvexError"), { value: true });
      }
    }
    const raw = new DuplicateConvexError({ code: "NOT_FOUND" });
    const error = classifyError(raw);

    expect(error.code).toBe("NOT_FOUND");
    expect(error).toBeInstanceOf(DuplicateConvexError);
    expect((error as unknown as DuplicateConvexError).data).toBe(raw.data);
  });
});

describe("the classifier's own guarantees", () => {
  it("returns a LensError unchanged", () => {
    const error = new ServerError({ requestId: "r1" });
    expect(classifyError(error)).toBe(error);
    const once = classifyError(new Error("[Request ID: r2] Server Error"));
    expect(classifyError(once)).toBe(once);
    const twin = classifyError(new ConvexError({ code: "CONFLICT" }));
    expect(classifyError(twin)).toBe(twin);
  });

  it("lets the caller's function path and kind win over the message's", () => {
    const raw = new Error(
      "[CONVEX Q(messages:list)] [Request ID: r] Server Error\n  Called by client",
    );
    const error = classifyError(raw, { functionPath: "rooms:list", kind: "mutation" });

    expect(error.functionPath).toBe("rooms:list");
    expect(error.kind).toBe("mutation");
  });

  it("reads an unrecognised error as UNKNOWN, not retryable, keeping its message and type", () => {
    const raw = new RangeError("index out of range");
    const error = classifyError(raw);

    expect(error).toBeInstanceOf(UnknownError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("index out of range");
    expect(error.toJSON().cause).toEqual({ name: "RangeError", message: "index out of range" });
  });

  it("renders thrown non-errors as safe text", () => {
    expect(classifyError("plain string").message).toBe("plain string");
    expect(classifyError(null).message).toBe("null");
    expect(classifyError(undefined).message).toBe("undefined");
    expect(classifyError(42).message).toBe("42");
    expect(classifyError(Symbol("s")).message).toBe("Symbol(s)");
    expect(classifyError(10n).message).toBe("10");
    expect(classifyError({ reason: "x" }).message).toBe('{"reason":"x"}');
    for (const value of ["plain string", null, undefined, 42, { reason: "x" }]) {
      expect(classifyError(value).code).toBe("UNKNOWN");
      expect(classifyError(value).cause).toBe(value);
    }
  });

  it("caps the stored message at 2,000 characters and keeps the original in cause", () => {
    const raw = new Error(`[Request ID: big] Server Error\n${"x".repeat(1_000_000)}`);
    const error = classifyError(raw);

    expect(error.code).toBe("SERVER_ERROR");
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(error.cause).toBe(raw);
  });

  it("never throws on hostile values", () => {
    const throwingProxy = new Proxy(
      {},
      {
        get() {
          throw new Error("get trap");
        },
        has() {
          throw new Error("has trap");
        },
        getPrototypeOf() {
          throw new Error("getPrototypeOf trap");
        },
        ownKeys() {
          throw new Error("ownKeys trap");
        },
      },
    );
    const throwingGetters = Object.defineProperties(new Error("x"), {
      message: {
        get() {
          throw new Error("message getter");
        },
      },
      name: {
        get() {
          throw new Error("name getter");
        },
      },
    });
    const circular: Error & { cause?: unknown } = new TypeError("fetch failed");
    circular.cause = circular;
    const selfReferencing: Record<string, unknown> = {};
    selfReferencing.self = selfReferencing;
    const badToString = {
      toString() {
        throw new Error("toString");
      },
      toJSON() {
        throw new Error("toJSON");
      },
    };
    const hostileConvexError = Object.defineProperties(new Error("c"), {
      name: { value: "ConvexError" },
      data: {
        get(): unknown {
          throw new Error("data getter");
        },
      },
    });
    for (const value of [
      throwingProxy,
      throwingGetters,
      circular,
      selfReferencing,
      badToString,
      hostileConvexError,
    ]) {
      const error = classifyError(value);
      expect(error).toBeInstanceOf(LensError);
      expect(JSON.parse(JSON.stringify(error)).code).toBe(error.code);
    }
    expect(classifyError(circular).code).toBe("NETWORK");
  });

  it("always answers a LensError with a known code and a bounded message, whatever is thrown", () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true }),
        (value) => {
          const error = classifyError(value);
          return (
            error instanceof LensError &&
            isErrorCode(error.code) &&
            error.message.length <= MAX_MESSAGE_LENGTH &&
            typeof JSON.stringify(error) === "string"
          );
        },
      ),
    );
  });
});
