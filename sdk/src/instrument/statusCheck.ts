import { STATUS_FUNCTION_FAILED } from "../errors/codeFromHttpStatus.js";
import { HttpStatusError } from "../errors/HttpStatusError.js";
import { parseRetryAfter } from "../errors/retryAfter.js";

/**
 * What a `ConvexHttpClient`'s fetch does with each answer, to keep what the client drops. On a
 * non-OK answer other than 560 the client throws `new Error(await response.text())`
 * (convex/src/browser/http_client.ts), losing the status, so a proxy's 503 page would read as
 * UNKNOWN. This reaction passes OK and 560 answers through and rejects the others with that same
 * text as an HttpStatusError carrying the status and `Retry-After`; the client passes a rejected
 * fetch through unchanged. Made once per client: it runs on every request.
 */
export function statusCheck(now: () => number): (response: Response) => Response | Promise<never> {
  const statusError = async (response: Response): Promise<never> => {
    const body = await response.text();
    const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"), now());
    throw new HttpStatusError(body, response.status, retryAfterMs);
  };
  return (response) =>
    response.ok || response.status === STATUS_FUNCTION_FAILED ? response : statusError(response);
}
