import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { LOCAL_BACKEND_BIN } from "@convex-lens/local-backend/spawn";
import { ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { CHAT_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "lens-cli-test-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, [LOCAL_BACKEND_BIN, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) =>
    stdout.push(line),
  );
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) =>
    stderr.push(line),
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, stdout, stderr, exited };
}

async function waitForLine(lines: string[], pattern: RegExp, run: Run): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    if (Date.now() > deadline || run.child.exitCode !== null) {
      throw new Error(
        `no line matching ${pattern}; stdout: ${run.stdout.join("\n")}; stderr: ${run.stderr.join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("convex-lens-backend CLI", () => {
  it("serves another app's convex/ directory, prints the URL to use, and stops on SIGINT", async () => {
    const run = runCli(["--functions", CHAT_FUNCTIONS_DIR, "--port", "0"]);
    try {
      const [, url] = await waitForLine(
        run.stdout,
        /Deployment URL: (http:\/\/127\.0\.0\.1:\d+)/,
        run,
      );
      const client = new ConvexClient(url as string, {
        skipConvexDeploymentUrlCheck: true,
        logger: recordingLogger(),
      });
      await client.mutation(chat.send, { author: "cli", body: "served by the CLI" });
      const messages = await client.query(chat.list, {});
      expect(messages.map((m) => m.body)).toContain("served by the CLI");
      await client.close();
    } finally {
      run.child.kill("SIGINT");
    }
    expect(await run.exited).toBe(0);
  });

  it("prints a client line that works as printed: the official client takes the URL with no option", async () => {
    const run = runCli(["--functions", CHAT_FUNCTIONS_DIR, "--port", "0"]);
    try {
      const [, url] = await waitForLine(
        run.stdout,
        /^Point a client at it: new ConvexReactClient\("(http:\/\/127\.0\.0\.1:\d+)"\)/,
        run,
      );
      // As a template's unmodified main.tsx does: no skipConvexDeploymentUrlCheck.
      const client = new ConvexClient(url as string, { logger: recordingLogger() });
      await client.mutation(chat.send, { author: "template", body: "no client option" });
      expect((await client.query(chat.list, {})).map((m) => m.body)).toContain("no client option");
      await client.close();
    } finally {
      run.child.kill("SIGINT");
    }
    expect(await run.exited).toBe(0);
  });

  it("prints the admin token it requires, and takes a chosen one with --admin-token", async () => {
    const printed = runCli(["--functions", CHAT_FUNCTIONS_DIR, "--port", "0"]);
    const chosen = runCli([
      "--functions",
      CHAT_FUNCTIONS_DIR,
      "--port",
      "0",
      "--json",
      "--admin-token",
      "chosen-token-for-tests",
    ]);
    try {
      const [, url] = await waitForLine(printed.stdout, /Deployment URL: (\S+)/, printed);
      const [, token] = await waitForLine(printed.stdout, /admin token: (\S+)/, printed);
      const status = (auth: string) =>
        fetch(`${url}/_lens/status`, { headers: { Authorization: auth } }).then((r) => r.status);
      expect(await status(`Bearer ${token}`)).toBe(200);
      expect(await status("Bearer chosen-token-for-tests")).toBe(401);
      const [line] = await waitForLine(chosen.stdout, /^\{.*"event":"ready".*\}$/, chosen);
      const ready = JSON.parse(line as string) as { url: string; adminToken: string };
      expect(ready.adminToken).toBe("chosen-token-for-tests");
      const response = await fetch(`${ready.url}/_lens/status`, {
        headers: { Authorization: "Bearer chosen-token-for-tests" },
      });
      expect(response.status).toBe(200);
    } finally {
      printed.child.kill("SIGTERM");
      chosen.child.kill("SIGTERM");
    }
    expect(await printed.exited).toBe(0);
    expect(await chosen.exited).toBe(0);
  });

  it("binds to 127.0.0.1 by default", async () => {
    const run = runCli(["--functions", CHAT_FUNCTIONS_DIR, "--port", "0", "--json"]);
    try {
      const [line] = await waitForLine(run.stdout, /^\{.*"event":"ready".*\}$/, run);
      expect(JSON.parse(line as string).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exited).toBe(0);
  });

  it("shuts down when its parent goes away, with --exit-on-stdin-close", async () => {
    const run = runCli([
      "--functions",
      CHAT_FUNCTIONS_DIR,
      "--port",
      "0",
      "--json",
      "--exit-on-stdin-close",
    ]);
    await waitForLine(run.stdout, /^\{.*"event":"ready".*\}$/, run);
    run.child.stdin?.end();
    expect(await run.exited).toBe(0);
  });

  it("explains a missing functions directory", async () => {
    const run = runCli(["--functions", join(scratch, "nope"), "--port", "0"]);
    expect(await run.exited).toBe(1);
    expect(run.stderr.join("\n")).toContain(
      `Functions directory not found: ${join(scratch, "nope")}`,
    );
  });

  it("names the module that fails to load and why", async () => {
    const dir = join(scratch, "broken", "convex");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "ok.js"),
      'import { query } from "./_generated/server";\nexport const ok = query(async () => 1);\n',
    );
    await writeFile(
      join(dir, "broken.js"),
      'export const x = 1;\nthrow new Error("cannot start: missing API key");\n',
    );
    const run = runCli(["--functions", dir, "--port", "0"]);
    expect(await run.exited).toBe(1);
    const stderr = run.stderr.join("\n");
    expect(stderr).toContain("broken.js");
    expect(stderr).toContain("cannot start: missing API key");
  });

  it("names an import that cannot be resolved, with file and line", async () => {
    const dir = join(scratch, "unresolved", "convex");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "ai.js"),
      '\nimport OpenAI from "openai-not-installed";\nexport const client = OpenAI;\n',
    );
    const run = runCli(["--functions", dir, "--port", "0"]);
    expect(await run.exited).toBe(1);
    expect(run.stderr.join("\n")).toMatch(/ai\.js:2:\d+: Could not resolve "openai-not-installed"/);
  });

  it("says so when the port is already in use", async () => {
    let occupant: SpawnedLocalBackend | undefined;
    try {
      occupant = await startTestBackend();
      const run = runCli(["--functions", CHAT_FUNCTIONS_DIR, "--port", String(occupant.port)]);
      expect(await run.exited).toBe(1);
      expect(run.stderr.join("\n")).toContain(`Port ${occupant.port} is already in use`);
    } finally {
      await occupant?.stop();
    }
  });

  it("rejects unknown flags with usage help and exit code 2", async () => {
    const run = runCli(["--functions", CHAT_FUNCTIONS_DIR, "--turbo"]);
    expect(await run.exited).toBe(2);
    expect(run.stderr.join("\n")).toContain("Unknown option '--turbo'");
    expect(run.stderr.join("\n")).toContain("--help");
  });

  it("prints usage for --help", async () => {
    const run = runCli(["--help"]);
    expect(await run.exited).toBe(0);
    expect(run.stdout.join("\n")).toContain("Usage: convex-lens-backend --functions <dir>");
  });

  it("keeps data across a restart with --data", async () => {
    const dataFile = join(scratch, "data", "chat.json");
    const first = await startTestBackend({ dataFile });
    const client = new ConvexClient(first.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: recordingLogger(),
    });
    const id = await client.mutation(chat.send, { author: "persistent", body: "remember me" });
    await client.close();
    await first.stop();
    expect(await first.exited).toBe(0);

    const second = await startTestBackend({ dataFile });
    try {
      const again = new ConvexClient(second.url, {
        skipConvexDeploymentUrlCheck: true,
        logger: recordingLogger(),
      });
      const messages = await again.query(chat.list, {});
      expect(messages.find((m) => m.body === "remember me")?._id).toBe(id);
      await again.close();
    } finally {
      await second.stop();
    }
  });

  it("runs scheduled functions still pending at shutdown after a restart with --data", async () => {
    const dataFile = join(scratch, "data", "scheduled.json");
    const first = await startTestBackend({ dataFile });
    const client = new ConvexClient(first.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: recordingLogger(),
    });
    const body = `scheduled before a restart ${Math.random()}`;
    await client.mutation(chat.sendLater, { author: "timer", body, delayMs: 1_500 });
    await client.close();
    await first.stop();

    const second = await startTestBackend({ dataFile });
    try {
      expect((await second.status()).counters.resumedScheduledFunctions).toBe(1);
      const again = new ConvexClient(second.url, {
        skipConvexDeploymentUrlCheck: true,
        logger: recordingLogger(),
      });
      expect((await again.query(chat.list, {})).some((m) => m.body === body)).toBe(false);
      await eventually(async () =>
        expect((await again.query(chat.list, {})).some((m) => m.body === body)).toBe(true),
      );
      const jobs = (await second.exportData()).tables._scheduled_functions as {
        name: string;
        state: { kind: string };
      }[];
      expect(jobs.find((job) => job.name === "messages:insertSystem")?.state.kind).toBe("success");
      await again.close();
    } finally {
      await second.stop();
    }
  });
});
