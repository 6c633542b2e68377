/** Durations as DevTools shows them: "840 µs", "12.3 ms", "1.42 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "–";
  if (ms < 1) return `${Math.round(ms * 1_000)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(2)} s`;
}

/** A wall-clock time with milliseconds, local time: "14:03:22.118". */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A fraction as a percentage: "2.5%". */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return "–";
  const pct = fraction * 100;
  return `${pct < 10 && pct !== 0 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** Time until (or since) `epochMs`: "in 3.2 s", "4 s ago". */
export function formatRelative(epochMs: number, now: number): string {
  const delta = epochMs - now;
  const abs = Math.abs(delta);
  const text = abs < 10_000 ? `${(abs / 1_000).toFixed(1)} s` : `${Math.round(abs / 1_000)} s`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
