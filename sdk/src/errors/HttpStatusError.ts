import { defineHidden } from "./LensError.js";

/**
 * What `ConvexHttpClient` throws for a non-OK answer other than 560, `new Error(await
 * response.text())` (convex/src/browser/http_client.ts), plus the two things it drops: the
 * status and the `Retry-After` hint. The SDK's fetch, scoped to an instrumented client, throws
 * it in place of such an answer, so the message an app sees is the same and the classifier can
 * tell a proxy's 503 from an unknown failure.
 */
export class HttpStatusError extends Error {
  // Declared, not class fields: the constructor sets both, and a field would only repeat the name.
  /** The HTTP status of the answer, e.g. 503. */
  declare readonly status: number;
  /** How long the server asked callers to wait (`Retry-After`), when it said so. */
  declare readonly retryAfterMs: number | undefined;

  constructor(body: string, status: number, retryAfterMs?: number) {
    super(body);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }

  static {
    defineHidden(HttpStatusError.prototype, "name", "Error");
  }
}
