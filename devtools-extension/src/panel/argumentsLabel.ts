import type { CallEntry } from "./store/callEntry";

// The SDK's redactor puts this marker where it removed a value (sdk/src/telemetry/redact.ts,
// REDACTED). The protocol carries only the preview, so the marker is how the panel tells.
const REDACTED_MARKER = "[REDACTED]";

/** A heading, and the option that would change it, kept apart so its case survives CSS. */
export interface ArgumentsLabel {
  readonly heading: string;
  /** The option to turn on, shown as code after the heading; null when none is needed. */
  readonly option: string | null;
}

/**
 * The heading of a call's arguments, honest about what the panel holds: "(redacted)" only when
 * the redactor removed something, and a hint when the page did not capture arguments at all
 * (capture is off by default), so identical rows do not look like a panel bug (issue 15 §7).
 * The option is apart from the heading: headings are uppercased, which misspelt `capture.args`.
 */
export function argumentsLabel(call: Pick<CallEntry, "argsPreview">): ArgumentsLabel {
  if (call.argsPreview === undefined)
    return { heading: "Arguments not captured — turn on", option: "capture.args" };
  const redacted = call.argsPreview.includes(REDACTED_MARKER);
  return { heading: redacted ? "Arguments (redacted)" : "Arguments", option: null };
}

/** The heading of a captured result, by the same rule as {@link argumentsLabel}. */
export function resultLabel(resultPreview: string): string {
  return resultPreview.includes(REDACTED_MARKER) ? "Result (redacted)" : "Result";
}
