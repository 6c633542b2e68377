// What the SDK's redactor writes in place of a ConvexError's data while `capture.errorData` is off
// (sdk/src/telemetry/redact.ts). The protocol carries only the message, so the marker is how the
// panel tells.
const NOT_CAPTURED = "[data not captured]";

/** The option that keeps a redacted preview of a ConvexError's data (docs/configuration.md). */
export const ERROR_DATA_OPTION = "createLens({ capture: { errorData: true } })";

/**
 * Whether a failure's message had its ConvexError data left out, so the detail can say how to
 * capture it: "[data not captured]" alone did not say it was a choice, nor whose.
 */
export function errorDataLeftOut(message: string): boolean {
  return message.includes(NOT_CAPTURED);
}
