import { describe, expect, it } from "vitest";
import { DEFAULT_ISSUER, identityFromJwt } from "./identity.js";

function jwt(claims: object, header: object = { alg: "RS256", typ: "JWT" }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode(header)}.${encode(claims)}.c2lnbmF0dXJl`;
}

const NOW = 1_700_000_000_000;

describe("identityFromJwt", () => {
  it("maps standard claims to the fields ctx.auth.getUserIdentity() exposes", () => {
    const result = identityFromJwt(
      jwt({
        sub: "user-1",
        iss: "https://issuer.example",
        name: "Ada",
        email: "ada@example.com",
        email_verified: true,
        org_id: "org-9",
        exp: NOW / 1000 + 60,
      }),
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      identity: {
        subject: "user-1",
        issuer: "https://issuer.example",
        tokenIdentifier: "https://issuer.example|user-1",
        name: "Ada",
        email: "ada@example.com",
        emailVerified: true,
        org_id: "org-9",
      },
    });
  });

  it("uses a local issuer when the token has none", () => {
    const result = identityFromJwt(jwt({ sub: "u" }), NOW);
    expect(result.ok && result.identity.tokenIdentifier).toBe(`${DEFAULT_ISSUER}|u`);
  });

  it("rejects an expired token with a deployment's code and wording", () => {
    const result = identityFromJwt(jwt({ sub: "u", exp: NOW / 1000 - 30 }), NOW);
    expect(result).toEqual({
      ok: false,
      code: "IdTokenExpired",
      error:
        "Expired: ID token expired at 2023-11-14T22:12:50Z (current time is 2023-11-14T22:13:20Z)",
    });
  });

  it("rejects a token that is not valid yet", () => {
    const result = identityFromJwt(jwt({ sub: "u", nbf: NOW / 1000 + 10 }), NOW);
    expect(result).toMatchObject({ ok: false, code: "Unauthenticated" });
  });

  it.each([
    ["not-a-jwt", "a JWT has three dot-separated parts"],
    ["a.b.c", "its header is not a JSON object"],
    [`${Buffer.from("{}").toString("base64url")}.W10.sig`, "its payload is not a JSON object"],
    [jwt({ iss: "x" }), "it has no 'sub' claim"],
    [jwt({ sub: "u", exp: "soon" }), "its 'exp' claim is not a number"],
  ])("explains why %s is malformed", (token, reason) => {
    const result = identityFromJwt(token, NOW);
    expect(result).toMatchObject({ ok: false, code: "InvalidAuthHeader" });
    expect(!result.ok && result.error).toBe(`Could not parse as id token: ${reason}`);
  });
});
