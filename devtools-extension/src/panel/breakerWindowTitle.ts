/**
 * The tooltip of a breaker's "Failures / answers (window)" figures: what they count (its sliding
 * window, not the calls list: a query listed once read "0 / 18", its subscription's updates) and
 * over how long. The page sends each breaker's window (`windowMs`); for the column's heading, the
 * one window all breakers share. Without it (an older page, or windows that differ) the option's
 * default is stated. See sdk/src/core/breakerSnapshot.ts and sdk/src/resilience/breaker.ts.
 */
export function breakerWindowTitle(windows: readonly (number | undefined)[]): string {
  const [first] = windows;
  const shared = first !== undefined && windows.every((windowMs) => windowMs === first);
  const length = shared
    ? `breaker.windowMs: ${(first / 1_000).toLocaleString("en-US")} s on this page`
    : "breaker.windowMs, 30 s by default";
  return `Counted in the breaker's sliding window (${length}), not the calls list: each one-shot call's answer and each subscription result or update is one answer; application errors count as successes; calls sent while it is open are not counted; closing or Reset forgets them.`;
}
