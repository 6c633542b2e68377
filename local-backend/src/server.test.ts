import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { BackendError } from "./backendError.js";
import { type LocalBackend, startLocalBackend } from "./server.js";
import { RawSyncClient } from "./test-support/rawSyncClient.js";
import { CHAT_APP, type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

let app: TempFunctions;
let backend: LocalBackend;

beforeAll(async () => {
  app = await writeTempFunctions(CHAT_APP);
  backend = await startLocalBackend({ functionsDir: app.dir, port: 0 });
});

afterAll(async () => {
  await backend?.close();
  await app?.remove();
});

/** Calls the admin API as the CLI's user would: from this machine, with the token. */
function admin(path: string, init: RequestInit = {}) {
  return fetch(`${backend.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${backend.adminToken}`, ...init.headers },
  });
}

function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${backend.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("HTTP function API", () => {
  it("answers a successful call with 200, the value and the log lines", async () => {
    await call("/api/mutation", {
      path: "messages:send",
      format: "convex_encoded_json",
      args: [{ body: "a" }],
    });
    const response = await call("/api/query", {
      path: "messages:list",
      format: "convex_encoded_json",
      args: [{}],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; value: string[]; logLines: string[] };
    expect(body.status).toBe("success");
    expect(body.value).toContain("a");
    expect(body.logLines).toEqual(["[LOG] 'listing'"]);
  });

  it("answers a function error with status 560 and the ConvexError data", async () => {
    const response = await call("/api/mutation", { path: "messages:send", args: [{ body: "" }] });
    expect(response.status).toBe(560);
    expect(await response.json()).toMatchObject({ status: "error", errorData: { code: "EMPTY" } });
  });

  it.each([
    ["bad JSON", "/api/query", "{oops", 400, "BadJsonBody"],
    ["a missing path", "/api/query", { args: [{}] }, 400, "BadRequest"],
    ["an unknown endpoint", "/api/nothing", {}, 404, "NotFound"],
  ])("answers %s with a JSON {code, message}", async (_what, path, body, status, code) => {
    const response = await call(path, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
  });

  it("answers an oversized body with 413", async () => {
    const response = await call("/api/query", {
      path: "messages:list",
      args: [{ pad: "x".repeat(9 * 1024 * 1024) }],
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "PayloadTooLarge" });
  });

  it("runs calls as the identity in a bearer token", async () => {
    const claims = Buffer.from(JSON.stringify({ sub: "http-user" })).toString("base64url");
    const response = await call(
      "/api/query",
      { path: "auth:whoami", args: [{}] },
      { Authorization: `Bearer e30.${claims}.sig` },
    );
    expect(await response.json()).toMatchObject({ status: "success", value: "http-user" });
  });

  it("rejects a malformed bearer token with 401", async () => {
    const response = await call(
      "/api/query",
      { path: "auth:whoami", args: [{}] },
      { Authorization: "Bearer nope" },
    );
    expect(response.status).toBe(401);
  });

  it("lets browsers on any origin call it", async () => {
    const preflight = await fetch(`${backend.url}/api/query`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });
});

describe("faults", () => {
  it("injects errors before the function runs, so nothing commits", async () => {
    backend.faults.set({ errorRate: 1, functions: "messages:send" });
    try {
      const before = (backend.exportData().tables.messages ?? []).length;
      const response = await call("/api/mutation", {
        path: "messages:send",
        args: [{ body: "never" }],
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: "ExecuteFullError" });
      expect((backend.exportData().tables.messages ?? []).length).toBe(before);
      const unaffected = await call("/api/query", { path: "messages:count", args: [{}] });
      expect(unaffected.status).toBe(200);
    } finally {
      backend.faults.clear();
    }
  });

  it.each([
    [
      "overloaded",
      503,
      "ExecuteFullError",
      "Too many concurrent requests in a short period of time. Spread out your requests out over time or throttle them to avoid errors.",
    ],
    ["unavailable", 503, "ServiceUnavailable", "Service temporarily unavailable"],
    [
      "try_again_later",
      500,
      "InternalServerError",
      "Your request couldn't be completed. Try again later.",
    ],
    ["rate_limited", 429, "TooManyConcurrentRequests", "Too many concurrent requests."],
  ] as const)(
    "answers an injected %s over HTTP as a deployment does: %i %s",
    async (errorKind, status, code, message) => {
      backend.faults.replace({ errorRate: 1, errorKind });
      try {
        const response = await call("/api/query", { path: "messages:count", args: [{}] });
        expect(response.status).toBe(status);
        // Convex sends no Retry-After, even with a 429.
        expect(response.headers.get("retry-after")).toBeNull();
        const body = (await response.json()) as { code: string; message: string };
        expect(body.code).toBe(code);
        expect(body.message.startsWith(message)).toBe(true);
      } finally {
        backend.faults.clear();
      }
    },
  );

  it("answers an injected bug over HTTP as a function that threw: 560 and a Server Error", async () => {
    backend.faults.replace({ errorRate: 1, errorKind: "bug" });
    try {
      const response = await call("/api/mutation", {
        path: "messages:send",
        args: [{ body: "x" }],
      });
      expect(response.status).toBe(560);
      const body = (await response.json()) as { status: string; errorMessage: string };
      expect(body.status).toBe("error");
      expect(body.errorMessage).toMatch(
        /^\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: /,
      );
    } finally {
      backend.faults.clear();
    }
  });

  it("closes the socket on an injected overload, then runs the mutation the client re-sends", async () => {
    const sessionId = `resend-${Math.random()}`;
    const mutation = {
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:send",
      args: [{ body: "re-sent after an overload" }],
    };
    const count = () =>
      (backend.exportData().tables.messages ?? []).filter(
        (m) => (m as { body?: string }).body === "re-sent after an overload",
      ).length;
    backend.faults.replace({ errorRate: 1, errorKind: "overloaded", functions: "messages:send" });
    const first = await RawSyncClient.open(backend.url, { sessionId });
    first.send(mutation);
    // ExecuteFullError: the official client backs off 3 s (web_socket_manager.ts).
    expect(await first.closed).toEqual({ code: 1013, reason: "ExecuteFullError" });
    expect(first.received.filter((m) => m.type === "MutationResponse")).toEqual([]);
    expect(count()).toBe(0);

    backend.faults.clear();
    const second = await RawSyncClient.open(backend.url, { sessionId });
    second.send(mutation);
    expect(await second.next((m) => m.type === "MutationResponse")).toMatchObject({
      success: true,
    });
    expect(count()).toBe(1);
    second.close();
  });

  it("closes the socket with TooManyConcurrentMutations (1013) when a session's queue is full, as a deployment does", async () => {
    // The first mutation is held, so the rest queue up behind it; an empty body fails validation,
    // so the queued ones write nothing once they drain.
    backend.faults.replace({ latencyMs: 1_500, functions: "messages:send" });
    try {
      const client = await RawSyncClient.open(backend.url);
      for (let requestId = 0; requestId < 1_005; requestId++) {
        client.send({
          type: "Mutation",
          requestId,
          udfPath: "messages:send",
          args: [{ body: "" }],
        });
      }
      expect(await client.closed).toEqual({ code: 1013, reason: "TooManyConcurrentMutations" });
    } finally {
      backend.faults.clear();
    }
  });

  it("closes the socket with InternalServerError (1011) for an injected 'try again later'", async () => {
    backend.faults.replace({ errorRate: 1, errorKind: "try_again_later" });
    try {
      const client = await RawSyncClient.open(backend.url);
      client.send({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [{ type: "Add", queryId: 0, udfPath: "messages:count", args: [{}] }],
      });
      expect(await client.closed).toEqual({ code: 1011, reason: "InternalServerError" });
      expect(client.received.filter((m) => m.type === "Transition")).toEqual([]);
    } finally {
      backend.faults.clear();
    }
  });

  it("fails a mutation with a function's Server Error for an injected bug, and keeps the socket", async () => {
    backend.faults.replace({ errorRate: 1, errorKind: "bug", functions: "messages:send" });
    try {
      const client = await RawSyncClient.open(backend.url);
      client.send({
        type: "Mutation",
        requestId: 0,
        udfPath: "messages:send",
        args: [{ body: "b" }],
      });
      const response = await client.next((m) => m.type === "MutationResponse");
      expect(response.success).toBe(false);
      expect(String(response.result)).toMatch(
        /^\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: /,
      );
      client.send({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [{ type: "Add", queryId: 0, udfPath: "messages:count", args: [{}] }],
      });
      expect(await client.next((m) => m.type === "Transition")).toBeDefined();
      client.close();
    } finally {
      backend.faults.clear();
    }
  });

  it("merges a POST into the current faults and replaces them all with a PUT", async () => {
    try {
      await admin(`/_lens/faults`, { method: "POST", body: JSON.stringify({ latencyMs: 10 }) });
      const merged = await admin(`/_lens/faults`, {
        method: "POST",
        body: JSON.stringify({ errorRate: 0.1 }),
      });
      expect(await merged.json()).toMatchObject({ latencyMs: 10, errorRate: 0.1 });
      const replaced = await admin(`/_lens/faults`, {
        method: "PUT",
        body: JSON.stringify({ errorKind: "bug" }),
      });
      expect(await replaced.json()).toMatchObject({ latencyMs: 0, errorRate: 0, errorKind: "bug" });
      const invalid = await admin(`/_lens/faults`, {
        method: "PUT",
        body: JSON.stringify({ errorKind: "server_error" }),
      });
      expect(invalid.status).toBe(400);
      expect(backend.faults.get().errorKind).toBe("bug");
    } finally {
      backend.faults.clear();
    }
  });

  it("simulates an outage: refuses sockets and cuts API requests, while admin keeps working", async () => {
    const connected = await RawSyncClient.open(backend.url);
    const response = await admin(`/_lens/faults`, {
      method: "POST",
      body: JSON.stringify({ refuseConnections: true }),
    });
    expect(await response.json()).toMatchObject({ refuseConnections: true });
    await connected.closed;
    await expect(RawSyncClient.open(backend.url)).rejects.toThrow();
    await expect(call("/api/query", { path: "messages:count", args: [{}] })).rejects.toThrow();
    const cleared = await admin(`/_lens/faults`, { method: "DELETE" });
    expect(await cleared.json()).toMatchObject({ refuseConnections: false });
    const after = await call("/api/query", { path: "messages:count", args: [{}] });
    expect(after.status).toBe(200);
  });

  it("drops every socket on demand", async () => {
    const client = await RawSyncClient.open(backend.url);
    const response = await admin(`/_lens/faults/drop-sockets`, { method: "POST" });
    expect(((await response.json()) as { dropped: number }).dropped).toBeGreaterThanOrEqual(1);
    await client.closed;
  });

  it("explains invalid fault settings with a 400", async () => {
    const response = await admin(`/_lens/faults`, {
      method: "POST",
      body: JSON.stringify({ errorRate: 7 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "InvalidFaultConfig",
      message: "errorRate must be a number between 0 and 1",
    });
  });

  it("refuses admin requests from pages on other sites", async () => {
    const response = await admin(`/_lens/faults`, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: JSON.stringify({ refuseConnections: true }),
    });
    expect(response.status).toBe(403);
    expect(backend.faults.get().refuseConnections).toBe(false);
  });

  it("refuses admin requests without the admin token, even from this machine", async () => {
    for (const authorization of [undefined, "Bearer not-the-token-0000", backend.adminToken]) {
      const response = await fetch(`${backend.url}/_lens/export`, {
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("messages");
    }
  });

  it("refuses admin requests addressed to another host name (DNS rebinding)", async () => {
    const response = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: backend.port,
          path: "/_lens/export",
          headers: {
            Host: `rebind.evil.example:${backend.port}`,
            Authorization: `Bearer ${backend.adminToken}`,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(response).toBe(403);
  });

  it("refuses sync sockets opened by pages on other sites, and admits local pages", async () => {
    const upgrade = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${backend.url.replace(/^http/, "ws")}/api/1.48.0/sync`, {
          origin,
        });
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("open", () => {
          ws.close();
          resolve(101);
        });
        ws.on("error", () => {});
      });
    expect(await upgrade("https://evil.example")).toBe(403);
    expect(await upgrade("null")).toBe(403);
    expect(await upgrade("http://localhost:5173")).toBe(101);
  });

  it("answers a local page's preflight so it may send the token", async () => {
    const response = await fetch(`${backend.url}/_lens/faults`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/i);
  });
});

describe("status and export", () => {
  it("reports connections and call counts", async () => {
    const response = await admin(`/_lens/status`);
    const status = (await response.json()) as { counters: { queries: number }; functions: number };
    expect(status.counters.queries).toBeGreaterThan(0);
    expect(status.functions).toBeGreaterThan(5);
  });

  it("exports every table in the Convex JSON encoding", async () => {
    const response = await admin(`/_lens/export`);
    const data = (await response.json()) as { tables: Record<string, { _id: string }[]> };
    expect(data.tables.messages?.[0]?._id).toMatch(/messages$/);
  });
});

describe("data file", () => {
  it("survives a restart with every _id and _creationTime intact", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lens-data-"));
    const dataFile = join(dir, "data.json");
    try {
      const first = await startLocalBackend({ functionsDir: app.dir, port: 0, dataFile });
      for (const body of ["one", "two", "three"]) {
        await fetch(`${first.url}/api/mutation`, {
          method: "POST",
          body: JSON.stringify({ path: "messages:send", args: [{ body }] }),
        });
      }
      await fetch(`${first.url}/api/mutation`, {
        method: "POST",
        body: JSON.stringify({ path: "messages:addOther" }),
      });
      const before = first.exportData();
      await first.close();
      expect(JSON.parse(await readFile(dataFile, "utf8")).tables).toEqual(before.tables);

      const second = await startLocalBackend({ functionsDir: app.dir, port: 0, dataFile });
      expect(second.exportData()).toEqual(before);
      await fetch(`${second.url}/api/mutation`, {
        method: "POST",
        body: JSON.stringify({ path: "messages:send", args: [{ body: "four" }] }),
      });
      const messages = second.exportData().tables.messages as {
        _id: string;
        _creationTime: number;
      }[];
      const ids = new Set(messages.map((m) => m._id));
      expect(ids.size).toBe(4);
      const last = messages.at(-1);
      expect(last?._creationTime).toBeGreaterThan(
        Math.max(...messages.slice(0, -1).map((m) => m._creationTime)),
      );
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("startup errors", () => {
  it("names a missing functions directory", async () => {
    const error = await startLocalBackend({ functionsDir: "/definitely/not/here", port: 0 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: "FunctionsDirNotFound" });
  });

  it("names the file and reason when a module fails to load", async () => {
    const broken = await writeTempFunctions({
      "bad.ts": 'export const x = 1;\nthrow new Error("top-level kaboom");\n',
    });
    try {
      const error = await startLocalBackend({ functionsDir: broken.dir, port: 0 }).catch((e) => e);
      expect(error).toMatchObject({ code: "ModuleLoadFailed" });
      expect(error.message).toContain("bad.ts");
      expect(error.message).toContain("top-level kaboom");
    } finally {
      await broken.remove();
    }
  });

  it("names the file and line of a syntax error", async () => {
    const broken = await writeTempFunctions({ "oops.ts": "export const x = ;\n" });
    try {
      const error = await startLocalBackend({ functionsDir: broken.dir, port: 0 }).catch((e) => e);
      expect(error).toMatchObject({ code: "ModuleLoadFailed" });
      expect(error.message).toMatch(/oops\.ts:1:\d+/);
    } finally {
      await broken.remove();
    }
  });

  it("says clearly when the port is taken", async () => {
    const error = await startLocalBackend({ functionsDir: app.dir, port: backend.port }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "PortInUse" });
    expect(error.message).toContain(String(backend.port));
  });
});
