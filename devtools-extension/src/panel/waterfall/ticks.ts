import { formatClock } from "../format";
import type { TimeWindow } from "./timeScale";

/** One mark on the time ruler. */
export interface Tick {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly label: string;
}

// Steps a person reads at a glance (1-2-5 below a second, then clock-friendly ones).
const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
  300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000,
];

/**
 * The ruler's step for `window` on a track `widthPx` wide: the smallest readable step whose labels
 * stay at least `minSpacingPx` apart, so labels never overlap at any zoom.
 */
export function tickStep(window: TimeWindow, widthPx: number, minSpacingPx = 90): number {
  const msPerPx = (window.end - window.start) / Math.max(1, widthPx);
  const wanted = msPerPx * minSpacingPx;
  return STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
}

/**
 * The ruler's ticks inside `window`, at round multiples of the step, labelled with the local wall
 * clock to the precision the step needs ("14:03", "14:03:20", "14:03:20.25"), the same clock as
 * the calls list's Start column.
 */
export function ticks(window: TimeWindow, widthPx: number, minSpacingPx = 90): Tick[] {
  const step = tickStep(window, widthPx, minSpacingPx);
  const out: Tick[] = [];
  // Whole-minute steps and up follow the local clock (time zones are whole minutes from UTC here
  // in practice; the offset keeps hour steps on local hours).
  const offset = step >= 3_600_000 ? new Date(window.start).getTimezoneOffset() * -60_000 : 0;
  const first = Math.ceil((window.start + offset) / step) * step - offset;
  for (let at = first; at <= window.end && out.length < 1_000; at += step) {
    out.push({ at, label: clockLabel(at, step) });
  }
  return out;
}

/**
 * `at` on the local clock, with as many digits as a step of `stepMs` tells apart: a prefix of
 * {@link formatClock}'s "14:03:22.118", so ruler and Start column read the same.
 */
export function clockLabel(at: number, stepMs: number): string {
  const clock = formatClock(at);
  if (stepMs % 60_000 === 0) return clock.slice(0, "hh:mm".length);
  if (stepMs % 1_000 === 0) return clock.slice(0, "hh:mm:ss".length);
  const digits = stepMs % 100 === 0 ? 1 : stepMs % 10 === 0 ? 2 : 3;
  return clock.slice(0, "hh:mm:ss.".length + digits);
}
