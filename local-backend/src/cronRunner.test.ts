import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseCronJobs } from "./cronJobs.js";
import { CronRunner } from "./cronRunner.js";
import type { FunctionOutcome } from "./runtime.js";

const ok: FunctionOutcome = { success: true, value: null, logLines: [] };

function exported(crons: Record<string, unknown>) {
  return { isCrons: true, crons };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-03-05T10:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("parseCronJobs", () => {
  it("reads each job's function, arguments and schedule from crons.ts's default export", () => {
    const { jobs, warnings } = parseCronJobs(
      exported({
        tick: { name: "jobs:tick", args: [{ n: 1 }], schedule: { type: "interval", seconds: 1 } },
        nightly: { name: "jobs:clean", args: [{}], schedule: { type: "cron", cron: "0 3 * * *" } },
      }),
    );
    expect(warnings).toEqual([]);
    expect(jobs.map((job) => [job.name, job.udfPath, job.args])).toEqual([
      ["tick", "jobs:tick", { n: 1 }],
      ["nightly", "jobs:clean", {}],
    ]);
  });

  it("skips a job whose schedule cannot run, and says which", () => {
    const { jobs, warnings } = parseCronJobs(
      exported({
        broken: { name: "jobs:x", args: [{}], schedule: { type: "cron", cron: "whenever" } },
        fine: { name: "jobs:y", args: [{}], schedule: { type: "interval", minutes: 5 } },
      }),
    );
    expect(jobs.map((job) => job.name)).toEqual(["fine"]);
    expect(warnings).toEqual([expect.stringContaining('Skipping cron job "broken"')]);
  });

  it("warns when the default export is not cronJobs()", () => {
    expect(parseCronJobs({ something: 1 }).warnings).toEqual([
      expect.stringContaining("must be cronJobs()"),
    ]);
  });
});

describe("CronRunner", () => {
  it("runs an interval job on every interval, with its arguments, until closed", async () => {
    const run = vi.fn(async () => ok);
    const { jobs } = parseCronJobs(
      exported({
        tick: { name: "jobs:tick", args: [{ n: 1 }], schedule: { type: "interval", seconds: 1 } },
      }),
    );
    const runner = new CronRunner(jobs, run, () => {});
    runner.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(run).toHaveBeenCalledTimes(3);
    expect(run).toHaveBeenLastCalledWith("jobs:tick", { n: 1 });
    runner.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(3);
    expect(runner.list()[0]).toMatchObject({ name: "tick", runs: 3, nextRunAt: null });
  });

  it("skips a run while the previous one of the same job is still going", async () => {
    let finish: (() => void) | undefined;
    const run = vi.fn(
      () =>
        new Promise<FunctionOutcome>((resolve) => {
          finish = () => resolve(ok);
        }),
    );
    const { jobs } = parseCronJobs(
      exported({
        slow: { name: "jobs:slow", args: [{}], schedule: { type: "interval", seconds: 1 } },
      }),
    );
    const runner = new CronRunner(jobs, run, () => {});
    runner.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(runner.list()[0]?.skippedWhileRunning).toBe(2);
    finish?.();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    runner.close();
  });

  it("reports a failed run and keeps the schedule going", async () => {
    const failures: string[] = [];
    const run = vi.fn(
      async (): Promise<FunctionOutcome> => ({
        success: false,
        errorMessage: "boom",
        logLines: [],
      }),
    );
    const { jobs } = parseCronJobs(
      exported({
        bad: { name: "jobs:bad", args: [{}], schedule: { type: "interval", seconds: 1 } },
      }),
    );
    const runner = new CronRunner(jobs, run, (job, message) =>
      failures.push(`${job.name}: ${message}`),
    );
    runner.start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(failures).toEqual(["bad: boom", "bad: boom"]);
    expect(runner.list()[0]?.lastError).toBe("boom");
    runner.close();
  });

  it("runs a cron-expression job at its next UTC time", async () => {
    const run = vi.fn(async () => ok);
    const { jobs } = parseCronJobs(
      exported({
        quarter: { name: "jobs:q", args: [{}], schedule: { type: "cron", cron: "15 10 * * *" } },
      }),
    );
    const runner = new CronRunner(jobs, run, () => {});
    runner.start();
    expect(runner.list()[0]?.nextRunAt).toBe("2025-03-05T10:15:00.000Z");
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(runner.list()[0]?.nextRunAt).toBe("2025-03-06T10:15:00.000Z");
    runner.close();
  });
});
