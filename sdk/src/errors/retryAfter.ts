// Longest wait a Retry-After can ask for that the SDK records; a day covers any real hint and
// keeps a bogus date from meaning "never".
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Reads an HTTP `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns
 * the wait in ms from `now`, or undefined when the header is absent or not understood.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP-date names its weekday and month; without letters, Date.parse reads "-5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
