import type { JsonValue } from "./clientMessage.js";
import { type CronSchedule, CronTimetable } from "./cronSchedule.js";

/** One job from the app's `crons.ts`, ready to run. */
export interface CronJob {
  /** The identifier given to `crons.interval(...)` etc. */
  readonly name: string;
  /** The function to run, `module:export`. */
  readonly udfPath: string;
  /** Its arguments in the Convex JSON encoding. */
  readonly args: JsonValue;
  readonly schedule: CronSchedule;
  readonly timetable: CronTimetable;
}

/**
 * Reads the jobs from `crons.ts`'s default export: a `Crons` object (`isCrons`) whose `crons`
 * field maps each identifier to `{name, args: [args], schedule}` (convex/src/server/cron.ts).
 * Jobs that cannot run are skipped with a warning rather than stopping the app.
 */
export function parseCronJobs(exported: unknown): { jobs: CronJob[]; warnings: string[] } {
  const jobs: CronJob[] = [];
  const warnings: string[] = [];
  const crons = exported as { isCrons?: unknown; crons?: unknown } | null | undefined;
  if (typeof crons !== "object" || crons === null || crons.isCrons !== true) {
    warnings.push(
      "crons.ts has no cron jobs to run: its default export must be cronJobs() (from convex/server).",
    );
    return { jobs, warnings };
  }
  if (typeof crons.crons !== "object" || crons.crons === null) {
    return { jobs, warnings };
  }
  for (const [name, raw] of Object.entries(crons.crons as Record<string, unknown>)) {
    const job = raw as { name?: unknown; args?: unknown; schedule?: unknown } | null;
    if (typeof job?.name !== "string" || typeof job.schedule !== "object" || !job.schedule) {
      warnings.push(`Skipping cron job "${name}": it has no function or schedule.`);
      continue;
    }
    const schedule = job.schedule as CronSchedule;
    let timetable: CronTimetable;
    try {
      timetable = new CronTimetable(schedule, name);
    } catch (error) {
      warnings.push(
        `Skipping cron job "${name}": its schedule ${JSON.stringify(schedule)} cannot run here (${
          error instanceof Error ? error.message : String(error)
        }).`,
      );
      continue;
    }
    const args = Array.isArray(job.args) ? ((job.args[0] ?? {}) as JsonValue) : {};
    jobs.push({ name, udfPath: job.name, args, schedule, timetable });
  }
  return { jobs, warnings };
}
