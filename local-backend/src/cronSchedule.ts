import { Cron } from "croner";

/**
 * A cron job's schedule as `crons.ts` registers it (convex/src/server/cron.ts `Schedule`):
 * intervals, cron strings, and the hourly/daily/weekly/monthly shorthands, all in UTC.
 */
export type CronSchedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "cron"; cron: string }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number };

const DAYS_OF_WEEK = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/**
 * The minute a job runs at when its schedule leaves `minuteUTC` out. A deployment picks one per
 * job to spread runs across the hour (cron.ts); this picks one from the job's name, so it stays
 * the same across restarts.
 */
export function defaultMinute(jobName: string): number {
  let hash = 0;
  for (const char of jobName) {
    hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  }
  return hash % 60;
}

/** The interval of an interval schedule in ms, or null for other schedules. */
export function intervalMs(schedule: CronSchedule): number | null {
  if (schedule.type !== "interval") {
    return null;
  }
  const ms =
    (schedule.seconds ?? 0) * 1_000 +
    (schedule.minutes ?? 0) * 60_000 +
    (schedule.hours ?? 0) * 3_600_000;
  return ms > 0 ? ms : null;
}

/** The 5-field UTC cron expression for a non-interval schedule. */
export function cronExpression(schedule: CronSchedule, jobName: string): string {
  switch (schedule.type) {
    case "interval":
      throw new RangeError("an interval schedule has no cron expression");
    case "cron":
      return schedule.cron;
    case "hourly":
      return `${schedule.minuteUTC ?? defaultMinute(jobName)} * * * *`;
    case "daily":
      return `${schedule.minuteUTC ?? defaultMinute(jobName)} ${schedule.hourUTC} * * *`;
    case "weekly": {
      const day = DAYS_OF_WEEK.indexOf(schedule.dayOfWeek);
      if (day < 0) {
        throw new RangeError(`unknown day of week "${schedule.dayOfWeek}"`);
      }
      return `${schedule.minuteUTC ?? defaultMinute(jobName)} ${schedule.hourUTC} * * ${day}`;
    }
    case "monthly":
      return `${schedule.minuteUTC ?? defaultMinute(jobName)} ${schedule.hourUTC} ${schedule.day} * *`;
  }
}

/**
 * Computes when a job runs next. Intervals count from the previous run (the first run is one
 * interval after start, as on a deployment); the other schedules use croner, a small
 * dependency-free cron parser, in UTC.
 */
export class CronTimetable {
  private readonly interval: number | null;
  private readonly cron: Cron | null;

  /** Throws a RangeError or croner's TypeError for a schedule it cannot run. */
  constructor(schedule: CronSchedule, jobName: string) {
    this.interval = intervalMs(schedule);
    if (schedule.type === "interval" && this.interval === null) {
      throw new RangeError("an interval needs seconds, minutes or hours greater than 0");
    }
    this.cron =
      this.interval === null
        ? new Cron(cronExpression(schedule, jobName), { timezone: "UTC", paused: true })
        : null;
  }

  /** The first run time strictly after `afterMs`, or null when the schedule never runs again. */
  nextRunAfter(afterMs: number): number | null {
    if (this.interval !== null) {
      return afterMs + this.interval;
    }
    return this.cron?.nextRun(new Date(afterMs))?.getTime() ?? null;
  }
}
