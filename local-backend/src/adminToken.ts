import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** What an admin token may look like: long enough to be unguessable, safe in a header and a URL. */
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,256}$/;

/**
 * A fresh admin token (192 random bits). The admin API reads every table and sets faults, so a
 * page that merely reaches the port must not be able to use it.
 */
export function newAdminToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Why a chosen admin token is refused, or null when it is fine. */
export function adminTokenProblem(token: string): string | null {
  return TOKEN_SHAPE.test(token)
    ? null
    : "the admin token must be 16 to 256 characters of letters, digits, '.', '_', '~' or '-'";
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Whether an `Authorization` header carries `Bearer <token>`. Compared in constant time (over
 * digests, so lengths leak nothing either).
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? "");
  const presented = match?.[1];
  if (presented === undefined) {
    return false;
  }
  return timingSafeEqual(digest(presented), digest(token));
}
