import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { checkAdminAccess, isLocalHostHeader } from "./adminAccess.js";

const policy = { token: "the-admin-token-1234", boundHost: "127.0.0.1" };

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe("isLocalHostHeader", () => {
  it("accepts localhost names and loopback addresses, with or without a port", () => {
    for (const host of [
      "localhost:3210",
      "127.0.0.1:3210",
      "[::1]:3210",
      "app.localhost",
      "LOCALHOST",
    ]) {
      expect(isLocalHostHeader(host, "127.0.0.1"), host).toBe(true);
    }
  });

  it("refuses a rebinding name that resolves to 127.0.0.1, and a missing Host", () => {
    expect(isLocalHostHeader("rebind.evil.example:3210", "127.0.0.1")).toBe(false);
    expect(isLocalHostHeader("localhost.evil.example", "127.0.0.1")).toBe(false);
    expect(isLocalHostHeader(undefined, "127.0.0.1")).toBe(false);
    expect(isLocalHostHeader("", "127.0.0.1")).toBe(false);
    expect(isLocalHostHeader("a b", "127.0.0.1")).toBe(false);
  });

  it("accepts the address the backend is bound to, but not a wildcard bind's names", () => {
    expect(isLocalHostHeader("192.168.1.20:3210", "192.168.1.20")).toBe(true);
    expect(isLocalHostHeader("[fd00::1]:3210", "fd00::1")).toBe(true);
    expect(isLocalHostHeader("192.168.1.20:3210", "0.0.0.0")).toBe(false);
    expect(isLocalHostHeader("0.0.0.0:3210", "0.0.0.0")).toBe(false);
  });
});

describe("checkAdminAccess", () => {
  const good = { host: "127.0.0.1:3210", authorization: `Bearer ${policy.token}` };

  it("lets a local client with the token in", () => {
    expect(checkAdminAccess(request(good), policy, true)).toBeNull();
    expect(
      checkAdminAccess(request({ ...good, origin: "http://localhost:5173" }), policy, true),
    ).toBeNull();
  });

  it("refuses a request without the token, or with another one", () => {
    expect(checkAdminAccess(request({ host: good.host }), policy, true)?.status).toBe(401);
    expect(
      checkAdminAccess(
        request({ ...good, authorization: "Bearer guessed-token-0000" }),
        policy,
        true,
      )?.code,
    ).toBe("Unauthorized");
  });

  it("refuses other sites' pages and rebinding hosts even with the token", () => {
    expect(
      checkAdminAccess(request({ ...good, origin: "https://evil.example" }), policy, true)?.code,
    ).toBe("ForbiddenOrigin");
    expect(checkAdminAccess(request({ ...good, origin: "null" }), policy, true)?.code).toBe(
      "ForbiddenOrigin",
    );
    expect(
      checkAdminAccess(request({ ...good, host: "rebind.evil.example:3210" }), policy, true)?.code,
    ).toBe("ForbiddenHost");
  });

  it("lets a local page's preflight through without the token, which browsers never send there", () => {
    expect(
      checkAdminAccess(
        request({ host: good.host, origin: "http://127.0.0.1:5173" }),
        policy,
        false,
      ),
    ).toBeNull();
  });
});
