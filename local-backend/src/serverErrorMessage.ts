import { randomBytes } from "node:crypto";

/** A fresh request id: 16 hex characters, the shape deployments print in error messages. */
export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * The message a development deployment sends for a failed call:
 * `[Request ID: <id>] Server Error` followed by what went wrong. Without `detail` it is the
 * redacted form production deployments send for system errors.
 */
export function serverErrorMessage(requestId: string, detail?: string): string {
  const head = `[Request ID: ${requestId}] Server Error`;
  return detail === undefined ? head : `${head}\n${detail}`;
}

/** The wording a deployment uses for a missing or internal function. */
export function missingFunctionDetail(udfPath: string): string {
  return `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`;
}

function nameAndMessage(thrown: unknown): string {
  if (thrown instanceof Error) {
    const name = thrown.name || "Error";
    return thrown.message ? `${name}: ${thrown.message}` : name;
  }
  try {
    return typeof thrown === "string" ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    return String(thrown);
  }
}

/**
 * Describes an error thrown by a call. Errors from inside the function are "Uncaught …", like a
 * deployment's; errors raised before the handler ran are argument validation failures
 * (convex-test validates arguments before calling the handler). The wording after the prefix
 * is convex-test's, not a deployment's.
 */
export function thrownErrorDetail(thrown: unknown, handlerEntered: boolean): string {
  const text = nameAndMessage(thrown);
  if (handlerEntered) {
    return `Uncaught ${text}`;
  }
  const message = thrown instanceof Error ? thrown.message : text;
  if (/^(Validator error|Invalid arguments)/.test(message)) {
    return `ArgumentValidationError: ${message}`;
  }
  return message;
}
