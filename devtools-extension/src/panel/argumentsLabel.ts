import type { CallEntry } from "./store/callEntry";

// The SDK's redactor puts this marker where it removed a value (sdk/src/telemetry/redact.ts,
// REDACTED). The protocol carries only the preview, so the marker is how the panel tells.
const REDACTED_MARKER = "[REDACTED]";

/**
 * The heading of a call's arguments, honest about what the panel holds: "(redacted)" only when
 * the redactor removed something, and a hint when the page did not capture arguments at all
 * (capture is off by default), so identical rows do not look like a panel bug (issue 15 §7).
 */
export function argumentsLabel(call: Pick<CallEntry, "argsPreview">): string {
  if (call.argsPreview === undefined) return "Arguments not captured — turn on capture.args";
  return call.argsPreview.includes(REDACTED_MARKER) ? "Arguments (redacted)" : "Arguments";
}

/** The heading of a captured result, by the same rule as {@link argumentsLabel}. */
export function resultLabel(resultPreview: string): string {
  return resultPreview.includes(REDACTED_MARKER) ? "Result (redacted)" : "Result";
}
