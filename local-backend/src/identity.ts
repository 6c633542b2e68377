import type { JsonValue } from "./clientMessage.js";

/** What `ctx.auth.getUserIdentity()` returns (convex/src/server/authentication.ts `UserIdentity`). */
export interface UserIdentity {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
  [claim: string]: JsonValue | undefined;
}

/**
 * A decoded identity, or why the token was refused: `code` is a deployment's error code
 * (`InvalidAuthHeader`, `IdTokenExpired`, `Unauthenticated`), `error` the message.
 */
export type IdentityResult =
  | { ok: true; identity: UserIdentity }
  | { ok: false; code: AuthErrorCode; error: string };

/** The codes a deployment answers bad tokens with (convex-backend's token validation). */
export type AuthErrorCode = "InvalidAuthHeader" | "IdTokenExpired" | "Unauthenticated";

// A deployment's wording for a token it cannot parse; the reason after it is ours.
function unparseable(reason: string): IdentityResult {
  return { ok: false, code: "InvalidAuthHeader", error: `Could not parse as id token: ${reason}` };
}

// Seconds since the epoch as the deployment prints times (chrono's UTC debug form).
function utcTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "")}Z`;
}

/** Issuer used when a token has no `iss` claim (real deployments would reject such a token). */
export const DEFAULT_ISSUER = "https://convex-lens.local";

// OpenID claim names → UserIdentity fields, as documented on `UserIdentity` and mirrored by
// convex-test's JWT_CLAIM_BY_IDENTITY_ATTRIBUTE (convex-test/dist/index.js).
const IDENTITY_FIELD_BY_CLAIM: Readonly<Record<string, string>> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};

// Registered claims that describe the token, not the user.
const TOKEN_CLAIMS = new Set(["sub", "iss", "aud", "exp", "iat", "nbf", "jti"]);

function decodePart(part: string): Record<string, JsonValue> | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, JsonValue>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Decodes a JWT's claims into an identity. Development only: the signature is NOT verified,
 * because a provider's JWKS cannot be fetched offline. Expiry (`exp`) and `nbf` are enforced so
 * token refresh paths behave as they would against a deployment.
 */
export function identityFromJwt(token: string, nowMs: number): IdentityResult {
  const parts = token.split(".");
  if (parts.length !== 3) {
    return unparseable("a JWT has three dot-separated parts");
  }
  const [headerPart = "", payloadPart = ""] = parts;
  if (decodePart(headerPart) === null) {
    return unparseable("its header is not a JSON object");
  }
  const claims = decodePart(payloadPart);
  if (claims === null) {
    return unparseable("its payload is not a JSON object");
  }
  const { sub, iss, exp, nbf } = claims;
  if (typeof sub !== "string" || sub.length === 0) {
    return unparseable("it has no 'sub' claim");
  }
  if (iss !== undefined && typeof iss !== "string") {
    return unparseable("its 'iss' claim is not a string");
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  if (exp !== undefined) {
    if (typeof exp !== "number") {
      return unparseable("its 'exp' claim is not a number");
    }
    if (exp <= nowSeconds) {
      return {
        ok: false,
        code: "IdTokenExpired",
        error: `Expired: ID token expired at ${utcTime(exp)} (current time is ${utcTime(nowSeconds)})`,
      };
    }
  }
  if (typeof nbf === "number" && nbf > nowSeconds) {
    return {
      ok: false,
      code: "Unauthenticated",
      error: `Could not verify token claim: it is not valid for another ${nbf - nowSeconds} seconds`,
    };
  }
  const issuer = iss ?? DEFAULT_ISSUER;
  const identity: UserIdentity = { subject: sub, issuer, tokenIdentifier: `${issuer}|${sub}` };
  for (const [claim, value] of Object.entries(claims)) {
    if (TOKEN_CLAIMS.has(claim)) {
      continue;
    }
    identity[IDENTITY_FIELD_BY_CLAIM[claim] ?? claim] = value;
  }
  return { ok: true, identity };
}

/**
 * The identity of an HTTP request from its `Authorization` header, as the HTTP API and HTTP
 * actions read it: none without a header, a decoded JWT for `Bearer <jwt>`.
 */
export function identityFromAuthorizationHeader(
  header: string | undefined,
  nowMs: number,
): { ok: true; identity: UserIdentity | null } | { ok: false; code: string; message: string } {
  if (header === undefined || header === "") {
    return { ok: true, identity: null };
  }
  if (header.startsWith("Bearer ")) {
    const decoded = identityFromJwt(header.slice("Bearer ".length).trim(), nowMs);
    return decoded.ok
      ? { ok: true, identity: decoded.identity }
      : { ok: false, code: decoded.code, message: decoded.error };
  }
  if (header.startsWith("Convex ")) {
    return {
      ok: false,
      code: "Unauthenticated",
      message: "Admin keys are not supported by the local backend.",
    };
  }
  return {
    ok: false,
    code: "InvalidAuthHeader",
    message: "The Authorization header must be `Bearer <token>`.",
  };
}
