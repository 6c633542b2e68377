import { MAX_FIELD_LENGTH, MAX_MESSAGE_LENGTH, truncate } from "./safeText.js";

/** The JSON body a Convex deployment sends with a non-OK HTTP status. */
export interface HttpErrorBody {
  /** Convex's short ScreamingCamelCase tag, e.g. `Unauthenticated`, `TooManyConcurrentRequests`. */
  code: string;
  message: string;
}

// Bodies longer than this are not Convex error bodies; do not parse megabytes of HTML.
const MAX_BODY_LENGTH = 64 * 1024;

/**
 * Reads `{"code","message"}` out of the text ConvexHttpClient throws on a non-OK, non-560 status:
 * it does `throw new Error(await response.text())` (convex/src/browser/http_client.ts), and the
 * backend serialises errors as `ResponseErrorMessage {code, message}` (convex-backend
 * crates/common/src/http/mod.rs). Returns undefined for anything else.
 */
export function parseHttpErrorBody(text: string): HttpErrorBody | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") || trimmed.length > MAX_BODY_LENGTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { code, message } = parsed as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || code.length === 0) return undefined;
  return {
    code: truncate(code, MAX_FIELD_LENGTH),
    message: typeof message === "string" ? truncate(message, MAX_MESSAGE_LENGTH) : "",
  };
}
