import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import type { DevtoolsHealthReport } from "./devtoolsHost.js";

/**
 * A cheap fingerprint of a health report: it changes when what the Health view shows does (the
 * verdict, a check's verdict or sentence), so the bridge resends health on a state tick with no
 * call finishing, as during an outage whose "disconnected for 8 s" grows each second. `at` is not
 * in it: a report read a second later is not news.
 */
export function healthFingerprint(report: DevtoolsHealthReport): string {
  let out = report.status;
  for (const c of report.checks) out += `|${c.name}:${c.status}:${c.message}`;
  return out;
}

/**
 * A cheap fingerprint of the breakers: it changes with a state (open → half-open happens by time,
 * when a read sees `openMs` passed) or with the window's counts (which age out with no call).
 */
export function breakersFingerprint(snapshots: readonly BreakerSnapshot[]): string {
  let out = "";
  for (const s of snapshots) {
    out += `|${s.scope}:${s.state}:${s.failures}:${s.calls}:${s.slowCalls}:${s.isolated}:${s.halfOpenInFlight}:${s.openedAt}:${s.nextProbeAt}`;
  }
  return out;
}
