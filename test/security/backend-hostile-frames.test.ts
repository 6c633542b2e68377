import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat } from "../support/chatApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// Issue 17, "what held, and must keep holding": huge or deep WebSocket frames close the socket
// that sent them, and the backend keeps serving everyone else. Each frame goes on its own socket,
// after a valid Connect, and the test records how that socket ended.

let backend: SpawnedLocalBackend;

beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

/** How a socket ended (its close code, or "open" when still open after the wait), and what it heard. */
interface Ending {
  readonly ending: number | "open";
  readonly messages: Record<string, unknown>[];
}

/** Opens a sync socket, sends Connect and then `frame`, and says how the socket ended. */
function endingAfter(frame: string, waitMs = 3_000): Promise<Ending> {
  return new Promise((resolve, reject) => {
    const messages: Record<string, unknown>[] = [];
    const ws = new WebSocket(`${backend.url.replace(/^http/, "ws")}/api/1.48.0/sync`);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ ending: "open", messages });
    }, waitMs);
    ws.on("error", () => {});
    ws.on("message", (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ending: code, messages });
    });
    ws.on("open", () => {
      ws.send(
        JSON.stringify({
          type: "Connect",
          sessionId: crypto.randomUUID(),
          connectionCount: 0,
          lastCloseReason: null,
          clientTs: 0,
        }),
      );
      ws.send(frame, (error) => {
        if (error) reject(error);
      });
    });
  });
}

const client = (): ConvexHttpClient =>
  new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet });

/** A well-behaved client's round trip: a write and a read. */
async function stillServes(): Promise<void> {
  const id = await client().mutation(chat.send, { author: "bystander", body: "still here" });
  expect(typeof id).toBe("string");
}

const nested = (depth: number, inner = "0"): string =>
  `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

describe("the local backend's sync socket under hostile frames", () => {
  it("keeps a socket that sends a valid message open (the control)", async () => {
    const query = JSON.stringify({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 0, udfPath: "messages:count", args: [{}] }],
    });
    const { ending, messages } = await endingAfter(query, 500);
    expect(ending).toBe("open");
    expect(messages.map((m) => m.type)).toContain("Transition");
  });

  it("closes a socket that sends a frame over the size cap, with 1009", async () => {
    expect((await endingAfter("x".repeat(9 * 1024 * 1024))).ending).toBe(1009);
    await stillServes();
  });

  it("closes a socket that sends a frame nested a million deep", async () => {
    expect((await endingAfter(nested(1_000_000))).ending).toBe(1008);
    await stillServes();
  });

  it("closes a socket whose query arguments are nested 100,000 deep", async () => {
    const query = `{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[{"type":"Add","queryId":0,"udfPath":"messages:count","args":[{"x":${nested(100_000)}}]}]}`;
    const { ending } = await endingAfter(query);
    expect(ending).not.toBe("open");
    await stillServes();
  });

  it("refuses a mutation whose arguments are nested 100,000 deep, and writes nothing", async () => {
    const before = await client().query(chat.count, {});
    const mutation = `{"type":"Mutation","requestId":0,"udfPath":"messages:send","args":[{"author":"deep","body":${nested(100_000)}}]}`;
    const { ending, messages } = await endingAfter(mutation, 1_000);
    // The socket may stay open; the call must fail, and nothing be written.
    const response = messages.find((m) => m.type === "MutationResponse");
    if (ending === "open") expect(response).toMatchObject({ requestId: 0, success: false });
    expect(await client().query(chat.count, {})).toBe(before);
    await stillServes();
  });
});
