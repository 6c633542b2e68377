import type { IncomingMessage } from "node:http";
import { bearerMatches } from "./adminToken.js";
import { isLocalOrigin } from "./cors.js";

/** Host names that always mean this machine. */
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why an admin request is refused: the HTTP status, a code and a sentence for the caller. */
export interface AdminRefusal {
  readonly status: 401 | 403;
  readonly code: "ForbiddenHost" | "ForbiddenOrigin" | "Unauthorized";
  readonly message: string;
}

/** What the admin API accepts: its token, and the address the backend is bound to. */
export interface AdminAccessPolicy {
  readonly token: string;
  readonly boundHost: string;
}

function hostnameOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Whether a `Host` header names this backend: a localhost name, or the address it is bound to.
 * A DNS-rebinding page (a name of the attacker's that now resolves to 127.0.0.1) sends its own
 * name here, so this check keeps it out even though it reaches the port.
 */
export function isLocalHostHeader(hostHeader: string | undefined, boundHost: string): boolean {
  if (hostHeader === undefined || hostHeader === "") {
    return false;
  }
  const hostname = hostnameOf(hostHeader);
  if (hostname === null) {
    return false;
  }
  if (LOOPBACK_NAMES.has(hostname) || hostname.endsWith(".localhost")) {
    return true;
  }
  const bound = hostnameOf(boundHost.includes(":") ? `[${boundHost}]` : boundHost);
  return bound !== null && bound !== "0.0.0.0" && bound !== "[::]" && hostname === bound;
}

/**
 * Decides whether a request may use the admin API (`/_lens/*`). Three locks, because each alone
 * has a way around it: `Host` stops DNS rebinding, `Origin` stops other sites' pages (including a
 * "simple" cross-site POST, which CORS would let through), and the token stops everything that
 * still reaches the port from this machine's own origins, such as an uploaded file or another
 * local app. A CORS preflight carries no credentials, so it needs only the first two.
 */
export function checkAdminAccess(
  req: IncomingMessage,
  policy: AdminAccessPolicy,
  needsToken: boolean,
): AdminRefusal | null {
  if (!isLocalHostHeader(req.headers.host, policy.boundHost)) {
    return {
      status: 403,
      code: "ForbiddenHost",
      message: "The admin API only answers requests addressed to localhost or the bound address.",
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isLocalOrigin(origin)) {
    return {
      status: 403,
      code: "ForbiddenOrigin",
      message: "The admin API only answers pages served from localhost.",
    };
  }
  if (needsToken && !bearerMatches(req.headers.authorization, policy.token)) {
    return {
      status: 401,
      code: "Unauthorized",
      message:
        "The admin API needs the token the backend printed at start (admin token: …), sent as Authorization: Bearer <token>.",
    };
  }
  return null;
}
