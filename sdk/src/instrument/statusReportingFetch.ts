import { STATUS_FUNCTION_FAILED } from "../errors/codeFromHttpStatus.js";
import { HttpStatusError } from "../errors/HttpStatusError.js";
import { parseRetryAfter } from "../errors/retryAfter.js";

type Fetch = typeof globalThis.fetch;

/**
 * A fetch for one `ConvexHttpClient` that keeps what the client drops. On a non-OK answer other
 * than 560 the client throws `new Error(await response.text())` (convex/src/browser/http_client.ts),
 * losing the status, so a proxy's 503 page would read as UNKNOWN. This fetch throws that same
 * text as an HttpStatusError with the status and `Retry-After` instead; the client passes a
 * rejected fetch through unchanged. `base` is read on every request, so a fetch the app set (or
 * a test's global) is still the one that runs.
 */
export function statusReportingFetch(base: () => Fetch, now: () => number): Fetch {
  // One reaction made once, not an async function per request: this runs on every call.
  const check = (response: Response): Response | Promise<never> =>
    response.ok || response.status === STATUS_FUNCTION_FAILED ? response : statusError(response);
  const statusError = async (response: Response): Promise<never> => {
    const body = await response.text();
    const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"), now());
    throw new HttpStatusError(body, response.status, retryAfterMs);
  };
  return (input, init) => base()(input, init).then(check);
}
