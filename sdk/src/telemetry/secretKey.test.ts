import { describe, expect, it } from "vitest";
import { isBuiltInSecretKey, keyWords } from "./secretKey.js";

describe("isBuiltInSecretKey", () => {
  it("recognises every listed secret key, whatever its case or separators", () => {
    const keys = [
      "password",
      "PASSWORD",
      "userPassword",
      "auth",
      "jwt",
      "bearer",
      "pwd",
      "pass",
      "passphrase",
      "pin",
      "otp",
      "privKey",
      "private_key",
      "signature",
      "sid",
      "session",
      "session_token",
      "sessionId",
      "x-api-key",
      "X-Api-Key",
      "apiKey",
      "Authorization",
      "refreshToken",
      "clientSecret",
      "cookie",
      "credentials",
      "cardNumber",
      "cvv",
      "ssn",
      "user.auth",
      "OTPCode",
      "userSID",
    ];
    for (const key of keys) expect(isBuiltInSecretKey(key), key).toBe(true);
  });

  it("keeps ordinary keys that merely contain a short secret word", () => {
    const keys = [
      "shipping",
      "inside",
      "author",
      "className",
      "passenger",
      "compass",
      "body",
      "key",
    ];
    for (const key of keys) expect(isBuiltInSecretKey(key), key).toBe(false);
  });
});

describe("keyWords", () => {
  it("splits camelCase, acronyms, snake_case, kebab-case and dotted keys", () => {
    expect(keyWords("sessionToken")).toEqual(["session", "token"]);
    expect(keyWords("OTPCode")).toEqual(["otp", "code"]);
    expect(keyWords("x-api-key")).toEqual(["x", "api", "key"]);
    expect(keyWords("http.request.header.authorization")).toEqual([
      "http",
      "request",
      "header",
      "authorization",
    ]);
  });
});
