import type { IncomingMessage, ServerResponse } from "node:http";

const LOCAL_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Whether an Origin header names a page served from this machine (any port). */
export function isLocalOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      (LOCAL_HOSTNAMES.has(url.hostname) || url.hostname.endsWith(".localhost"))
    );
  } catch {
    return false;
  }
}

/**
 * Sets CORS headers. The function API (`/api/*`) is open to any origin, as a deployment's is, so
 * a demo page on another port can call it. The admin API (`/_lens/*`) only answers pages on
 * localhost: returns false, and sets nothing, for other browser origins. CORS alone would not stop
 * a cross-site "simple" POST from changing faults, so `checkAdminAccess` refuses those requests.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  scope: "api" | "admin",
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) {
    return true;
  }
  if (scope === "admin" && !isLocalOrigin(origin)) {
    return false;
  }
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
  const requested = req.headers["access-control-request-headers"];
  res.setHeader(
    "Access-Control-Allow-Headers",
    typeof requested === "string" && requested.length < 1000
      ? requested
      : "Content-Type, Authorization, Convex-Client",
  );
  res.setHeader("Access-Control-Max-Age", "86400");
  return true;
}
