import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { LOCAL_BACKEND_BIN } from "@convex-lens/local-backend/spawn";
import { ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { startTestBackend } from "../support/localBackend.js";
import { CHAT_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";

// The local backend answers a write only once it is in the data file, so no way of stopping it
// loses an acknowledged write: Ctrl+C (SIGINT to the whole process group, possibly followed by a
// wrapper's SIGTERM), a closed terminal (SIGHUP), or a crash (SIGKILL).

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lens-durability-test-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Backend {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI in a process group of its own, as a terminal would start `pnpm start`. */
async function startInOwnGroup(dataFile: string): Promise<Backend> {
  const child = spawn(
    process.execPath,
    [
      LOCAL_BACKEND_BIN,
      "--functions",
      CHAT_FUNCTIONS_DIR,
      "--port",
      "0",
      "--data",
      dataFile,
      "--json",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) =>
    stderr.push(line),
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (line.includes('"ready"')) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`backend exited early: ${stderr.join("\n")}`)));
  });
  return { child, url, exited };
}

/** Sends `count` mutations and waits for every acknowledgement; returns the bodies written. */
async function acknowledgedWrites(url: string, tag: string, count: number): Promise<string[]> {
  const client = new ConvexClient(url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  const bodies = Array.from({ length: count }, (_, i) => `${tag} ${i}`);
  await Promise.all(bodies.map((body) => client.mutation(chat.send, { author: tag, body })));
  // No close(): the stop below comes while the client is still connected, as in a real session.
  void client.close();
  return bodies;
}

async function bodiesAfterRestart(dataFile: string): Promise<Set<string>> {
  const backend = await startTestBackend({ dataFile });
  try {
    const messages = (await backend.exportData()).tables.messages as { body: string }[];
    return new Set((messages ?? []).map((message) => message.body));
  } finally {
    await backend.stop();
  }
}

describe("the local backend never loses an acknowledged write when it is stopped", () => {
  it("keeps every write after Ctrl+C to the process group at once, then a wrapper's SIGTERM", async () => {
    const dataFile = join(scratch, "ctrl-c.json");
    const backend = await startInOwnGroup(dataFile);
    const written = await acknowledgedWrites(backend.url, "ctrl-c", 25);
    const group = -(backend.child.pid as number);
    process.kill(group, "SIGINT");
    process.kill(group, "SIGTERM");
    expect((await backend.exited).code).toBe(0);
    const kept = await bodiesAfterRestart(dataFile);
    expect(written.filter((body) => !kept.has(body))).toEqual([]);
  });

  it("keeps every write when the terminal closes (SIGHUP)", async () => {
    const dataFile = join(scratch, "hangup.json");
    const backend = await startInOwnGroup(dataFile);
    const written = await acknowledgedWrites(backend.url, "hangup", 10);
    process.kill(-(backend.child.pid as number), "SIGHUP");
    expect((await backend.exited).code).toBe(0);
    const kept = await bodiesAfterRestart(dataFile);
    expect(written.filter((body) => !kept.has(body))).toEqual([]);
  });

  it("keeps every acknowledged write when it is killed with SIGKILL right after the acknowledgement", async () => {
    const dataFile = join(scratch, "sigkill.json");
    const backend = await startInOwnGroup(dataFile);
    const written = await acknowledgedWrites(backend.url, "sigkill", 25);
    process.kill(-(backend.child.pid as number), "SIGKILL");
    expect((await backend.exited).signal).toBe("SIGKILL");
    const kept = await bodiesAfterRestart(dataFile);
    expect(written.filter((body) => !kept.has(body))).toEqual([]);
  });
});
