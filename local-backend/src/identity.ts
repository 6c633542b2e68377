import type { JsonValue } from "./clientMessage.js";

/** What `ctx.auth.getUserIdentity()` returns (convex/src/server/authentication.ts `UserIdentity`). */
export interface UserIdentity {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
  [claim: string]: JsonValue | undefined;
}

/** A decoded identity, or the AuthError text to send back. */
export type IdentityResult = { ok: true; identity: UserIdentity } | { ok: false; error: string };

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
    return {
      ok: false,
      error: "Could not decode the auth token: a JWT has three dot-separated parts",
    };
  }
  const [headerPart = "", payloadPart = ""] = parts;
  if (decodePart(headerPart) === null) {
    return { ok: false, error: "Could not decode the auth token: its header is not a JSON object" };
  }
  const claims = decodePart(payloadPart);
  if (claims === null) {
    return {
      ok: false,
      error: "Could not decode the auth token: its payload is not a JSON object",
    };
  }
  const { sub, iss, exp, nbf } = claims;
  if (typeof sub !== "string" || sub.length === 0) {
    return { ok: false, error: "Could not decode the auth token: it has no 'sub' claim" };
  }
  if (iss !== undefined && typeof iss !== "string") {
    return { ok: false, error: "Could not decode the auth token: its 'iss' claim is not a string" };
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  if (exp !== undefined) {
    if (typeof exp !== "number") {
      return {
        ok: false,
        error: "Could not decode the auth token: its 'exp' claim is not a number",
      };
    }
    if (exp <= nowSeconds) {
      return { ok: false, error: `Token expired ${nowSeconds - exp} seconds ago` };
    }
  }
  if (typeof nbf === "number" && nbf > nowSeconds) {
    return { ok: false, error: `Token is not valid for another ${nbf - nowSeconds} seconds` };
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
