import { ConvexClient } from "convex/browser";
import { afterEach, describe, expect, it } from "vitest";
import { complete } from "../support/completeApi.js";
import { firstMatching } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend | undefined;
let client: ConvexClient | undefined;

afterEach(async () => {
  await client?.close();
  await backend?.stop();
});

function connect(url: string) {
  client = new ConvexClient(url, { skipConvexDeploymentUrlCheck: true, logger: recordingLogger() });
  return client;
}

describe("cron jobs from crons.ts", () => {
  it("runs an interval job every second, and its writes reach subscribers", async () => {
    const output: string[] = [];
    const started = Date.now();
    backend = await startTestBackend({
      functionsDir: COMPLETE_FUNCTIONS_DIR,
      quiet: false,
      onOutput: (line) => output.push(line),
    });
    const counts: number[] = [];
    const reached = await firstMatching<number>(
      (onValue) =>
        connect(backend?.url ?? "").onUpdate(complete.heartbeats, {}, (count) => {
          counts.push(count);
          onValue(count);
        }),
      (count) => count >= 2,
    );
    expect(reached).toBe(2);
    // Each beat arrived as its own update, the first one a second after start.
    expect(counts.slice(-2)).toEqual([1, 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(output).toContain("[CONVEX M(heartbeat:beat)] [LOG] 'heartbeat from' 'cron'");

    const { crons } = await backend.status();
    expect(crons.find((job) => job.name === "heartbeat")).toMatchObject({
      function: "heartbeat:beat",
      runs: expect.any(Number),
      lastError: null,
    });
    const prune = crons.find((job) => job.name === "prune heartbeats");
    expect(prune?.function).toBe("heartbeat:prune");
    expect(prune?.nextRunAt).toMatch(/T03:00:00\.000Z$/);
  });

  it("runs no job with --no-crons", async () => {
    backend = await startTestBackend({ functionsDir: COMPLETE_FUNCTIONS_DIR, crons: false });
    const status = await backend.status();
    expect(status.crons).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await connect(backend.url).query(complete.heartbeats, {})).toBe(0);
  });
});
