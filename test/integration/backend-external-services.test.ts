import { createServer, type Server, type Socket } from "node:net";
import { createLens, type Lens } from "@convex-lens/sdk";
import { ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complete } from "../support/completeApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

const FETCH_TIMEOUT_MS = 1_000;

let backend: SpawnedLocalBackend;
let client: ConvexClient;
let blackHole: Server;
const held: Socket[] = [];
let lens: Lens | undefined;

beforeAll(async () => {
  backend = await startTestBackend({
    functionsDir: COMPLETE_FUNCTIONS_DIR,
    crons: false,
    fetchTimeoutMs: FETCH_TIMEOUT_MS,
  });
  client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  // Accepts connections and never answers: a service that hangs, as unreachable ones often do.
  blackHole = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await lens?.shutdown();
  await client?.close();
  await backend?.stop();
  for (const socket of held) socket.destroy();
  blackHole?.close();
});

async function timed<T>(run: () => Promise<T>): Promise<{ error: Error; elapsedMs: number }> {
  const started = Date.now();
  try {
    await run();
  } catch (error) {
    return { error: error as Error, elapsedMs: Date.now() - started };
  }
  throw new Error("expected the action to fail");
}

describe("actions calling services that cannot be reached", () => {
  it("fails a fetch to a host that does not resolve promptly, saying what could not be reached", async () => {
    const logger = recordingLogger();
    const local = new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger });
    try {
      const { error, elapsedMs } = await timed(() => local.action(complete.quoteOfTheDay, {}));
      expect(elapsedMs).toBeLessThan(FETCH_TIMEOUT_MS + 4_000);
      expect(error.message).toMatch(
        /Uncaught TypeError: fetch GET https:\/\/quotes\.example\.invalid\/api\/today (failed after \d+ ms: .+|got no response within 1000 ms)\. The local backend may be offline/,
      );
      const lines = logger.lines.join("\n");
      expect(lines).toContain(
        "[CONVEX A(external:quoteOfTheDay)] [LOG] 'asking the quotes service'",
      );
      expect(lines).toContain(
        "[CONVEX A(external:quoteOfTheDay)] [ERROR] 'fetch GET https://quotes.example.invalid/api/today",
      );
    } finally {
      await local.close();
    }
  });

  it("gives up on a service that accepts the connection but never answers, after the fetch timeout", async () => {
    const address = blackHole.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/v1/chat`;
    const { error, elapsedMs } = await timed(() => client.action(complete.fetchUrl, { url }));
    expect(error.message).toContain(
      `Uncaught TypeError: fetch POST ${url} got no response within ${FETCH_TIMEOUT_MS} ms`,
    );
    expect(elapsedMs).toBeGreaterThanOrEqual(FETCH_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(FETCH_TIMEOUT_MS + 4_000);
  });

  it("shows the failure, and the log line, on the SDK's action span", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider });
    const instrumented = lens.instrument(
      new ConvexClient(backend.url, {
        skipConvexDeploymentUrlCheck: true,
        logger: recordingLogger(),
      }),
    );
    try {
      await expect(instrumented.action(complete.quoteOfTheDay, {})).rejects.toThrow(
        "quotes.example.invalid",
      );
      const [span] = tracing.logical("action external:quoteOfTheDay");
      expect(span?.status.message).toContain("fetch GET https://quotes.example.invalid/api/today");
      const logs = span?.events
        .filter((event) => event.name === "convex.log")
        .map((event) => String(event.attributes?.text));
      expect(logs?.join("\n")).toContain("quotes.example.invalid");
    } finally {
      await instrumented.close();
    }
  });
});
