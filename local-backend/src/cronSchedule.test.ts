import { describe, expect, it } from "vitest";
import { CronTimetable, cronExpression, defaultMinute } from "./cronSchedule.js";

const at = (iso: string) => Date.parse(iso);

describe("CronTimetable", () => {
  it("runs an interval job one interval after the previous run", () => {
    const table = new CronTimetable({ type: "interval", seconds: 30 }, "job");
    expect(table.nextRunAfter(1_000)).toBe(31_000);
    expect(new CronTimetable({ type: "interval", minutes: 2 }, "job").nextRunAfter(0)).toBe(
      120_000,
    );
    expect(new CronTimetable({ type: "interval", hours: 1 }, "job").nextRunAfter(0)).toBe(
      3_600_000,
    );
  });

  it("reads cron strings in UTC", () => {
    const table = new CronTimetable({ type: "cron", cron: "15 7 * * *" }, "job");
    expect(table.nextRunAfter(at("2025-03-01T07:14:00Z"))).toBe(at("2025-03-01T07:15:00Z"));
    expect(table.nextRunAfter(at("2025-03-01T07:15:00Z"))).toBe(at("2025-03-02T07:15:00Z"));
  });

  it("turns the hourly, daily, weekly and monthly shorthands into their UTC times", () => {
    const after = at("2025-03-05T10:00:00Z"); // a Wednesday
    expect(new CronTimetable({ type: "hourly", minuteUTC: 5 }, "job").nextRunAfter(after)).toBe(
      at("2025-03-05T10:05:00Z"),
    );
    expect(
      new CronTimetable({ type: "daily", hourUTC: 9, minuteUTC: 30 }, "job").nextRunAfter(after),
    ).toBe(at("2025-03-06T09:30:00Z"));
    expect(
      new CronTimetable(
        { type: "weekly", dayOfWeek: "friday", hourUTC: 17, minuteUTC: 0 },
        "job",
      ).nextRunAfter(after),
    ).toBe(at("2025-03-07T17:00:00Z"));
    expect(
      new CronTimetable({ type: "monthly", day: 1, hourUTC: 0, minuteUTC: 0 }, "job").nextRunAfter(
        after,
      ),
    ).toBe(at("2025-04-01T00:00:00Z"));
  });

  it("picks the same minute for a job without minuteUTC on every start", () => {
    expect(cronExpression({ type: "hourly" }, "cleanup")).toBe(
      `${defaultMinute("cleanup")} * * * *`,
    );
    expect(defaultMinute("cleanup")).toBe(defaultMinute("cleanup"));
    expect(defaultMinute("cleanup")).toBeGreaterThanOrEqual(0);
    expect(defaultMinute("cleanup")).toBeLessThan(60);
  });

  it("rejects schedules it cannot run", () => {
    expect(() => new CronTimetable({ type: "interval" }, "job")).toThrow(RangeError);
    expect(() => new CronTimetable({ type: "cron", cron: "not a cron" }, "job")).toThrow();
    expect(
      () => new CronTimetable({ type: "weekly", dayOfWeek: "someday", hourUTC: 1 }, "job"),
    ).toThrow(RangeError);
  });
});
