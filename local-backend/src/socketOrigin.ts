import { isLocalOrigin } from "./cors.js";

/** The allow-list entry that lets pages on every origin open a socket. */
const ANY_ORIGIN = "*";

/**
 * Normalises an origin given on the command line or in options (`https://app.example:8443`,
 * or `*` for any), or returns null when it is not an http(s) origin.
 */
export function normalizeAllowedOrigin(value: string): string | null {
  if (value === ANY_ORIGIN) {
    return value;
  }
  try {
    const url = new URL(value);
    const bare = url.pathname === "/" && url.search === "" && url.hash === "";
    return (url.protocol === "http:" || url.protocol === "https:") && bare ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a WebSocket upgrade may proceed, by its `Origin`. Browsers send the page's origin and
 * cannot forge it, and WebSockets are not bound by CORS, so without this any website could open
 * sync sockets to the developer's backend. Allowed: no Origin (Node's `ws`, the official client
 * outside a browser), pages on this machine (any port), and the origins in `extra`.
 */
export function isAllowedSocketOrigin(
  origin: string | undefined,
  extra: readonly string[],
): boolean {
  if (origin === undefined) {
    return true;
  }
  if (isLocalOrigin(origin) || extra.includes(ANY_ORIGIN)) {
    return true;
  }
  const normalized = normalizeAllowedOrigin(origin);
  return normalized !== null && extra.includes(normalized);
}
