import { AsyncLocalStorage } from "node:async_hooks";
import { jsonToConvex, type Value } from "convex/values";
import type { CronJob } from "./cronJobs.js";
import type { FunctionOutcome } from "./runtime.js";

/** Timers longer than this are re-armed in steps (setTimeout's limit is 2^31-1 ms). */
const MAX_TIMER_MS = 2 ** 30;

/** What `/_lens/status` reports about one cron job. */
export interface CronJobStatus {
  readonly name: string;
  readonly function: string;
  readonly nextRunAt: string | null;
  readonly runs: number;
  readonly skippedWhileRunning: number;
  readonly lastError: string | null;
}

interface JobState {
  readonly job: CronJob;
  nextRunAt: number | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: boolean;
  runs: number;
  skippedWhileRunning: number;
  lastError: string | null;
}

/**
 * Runs the app's cron jobs on their schedules (convex-test has no cron runner). A job that is
 * still running when its next time comes is skipped, as a deployment skips overlapping runs.
 * Writes go through the normal commit path, so they reach subscribers.
 */
export class CronRunner {
  private readonly states: JobState[];
  private closed = true;
  // Runs start in the context the runner was created in, never in a call's context.
  private readonly inRootContext = AsyncLocalStorage.snapshot();

  constructor(
    jobs: readonly CronJob[],
    private readonly run: (
      udfPath: string,
      args: Record<string, Value>,
    ) => Promise<FunctionOutcome>,
    private readonly onFailure: (job: CronJob, errorMessage: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.states = jobs.map((job) => ({
      job,
      nextRunAt: null,
      timer: undefined,
      running: false,
      runs: 0,
      skippedWhileRunning: 0,
      lastError: null,
    }));
  }

  /** Schedules every job's first run. */
  start(): void {
    if (!this.closed) {
      return;
    }
    this.closed = false;
    const now = this.now();
    for (const state of this.states) {
      this.arm(state, state.job.timetable.nextRunAfter(now));
    }
  }

  /** Stops every job; runs in progress finish, no new ones start. */
  close(): void {
    this.closed = true;
    for (const state of this.states) {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.nextRunAt = null;
    }
  }

  /** Total runs started, across jobs. */
  get runs(): number {
    return this.states.reduce((sum, state) => sum + state.runs, 0);
  }

  /** Every job with its next run time and counters. */
  list(): CronJobStatus[] {
    return this.states.map((state) => ({
      name: state.job.name,
      function: state.job.udfPath,
      nextRunAt: state.nextRunAt === null ? null : new Date(state.nextRunAt).toISOString(),
      runs: state.runs,
      skippedWhileRunning: state.skippedWhileRunning,
      lastError: state.lastError,
    }));
  }

  private arm(state: JobState, at: number | null): void {
    state.nextRunAt = at;
    if (this.closed || at === null) {
      return;
    }
    const wait = Math.min(Math.max(0, at - this.now()), MAX_TIMER_MS);
    state.timer = setTimeout(() => this.inRootContext(() => this.fire(state, at)), wait);
    state.timer.unref?.();
  }

  private fire(state: JobState, at: number): void {
    state.timer = undefined;
    if (this.closed) {
      return;
    }
    if (this.now() < at) {
      // A long wait is armed in steps; this was one of them.
      this.arm(state, at);
      return;
    }
    // Count the next run from its scheduled time, but never schedule into the past.
    this.arm(state, state.job.timetable.nextRunAfter(Math.max(at, this.now() - 1)));
    if (state.running) {
      state.skippedWhileRunning++;
      return;
    }
    state.running = true;
    state.runs++;
    let args: Record<string, Value>;
    try {
      args = jsonToConvex(state.job.args) as Record<string, Value>;
    } catch (error) {
      state.running = false;
      this.fail(state, `invalid arguments: ${String(error)}`);
      return;
    }
    this.run(state.job.udfPath, args).then(
      (outcome) => {
        state.running = false;
        if (outcome.success) {
          state.lastError = null;
        } else {
          this.fail(state, outcome.errorMessage);
        }
      },
      (error: unknown) => {
        state.running = false;
        this.fail(state, String(error));
      },
    );
  }

  private fail(state: JobState, message: string): void {
    state.lastError = message;
    try {
      this.onFailure(state.job, message);
    } catch {
      // Reporting must not stop the job.
    }
  }
}
