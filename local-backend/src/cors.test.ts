import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { applyCors, isLocalOrigin } from "./cors.js";

function fakeExchange(origin?: string) {
  const headers: Record<string, string> = {};
  const req = { headers: origin === undefined ? {} : { origin } } as IncomingMessage;
  const res = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
  } as unknown as ServerResponse;
  return { req, res, headers };
}

describe("CORS", () => {
  it("recognises pages served from this machine on any port", () => {
    expect(isLocalOrigin("http://localhost:5173")).toBe(true);
    expect(isLocalOrigin("http://127.0.0.1:3000")).toBe(true);
    expect(isLocalOrigin("http://[::1]:8080")).toBe(true);
    expect(isLocalOrigin("http://app.localhost")).toBe(true);
    expect(isLocalOrigin("https://evil.example")).toBe(false);
    expect(isLocalOrigin("http://localhost.evil.example")).toBe(false);
    expect(isLocalOrigin("null")).toBe(false);
  });

  it("lets any origin call the function API", () => {
    const { req, res, headers } = fakeExchange("https://somewhere.example");
    expect(applyCors(req, res, "api")).toBe(true);
    expect(headers["access-control-allow-origin"]).toBe("https://somewhere.example");
  });

  it("refuses admin requests from pages on other sites", () => {
    const { req, res, headers } = fakeExchange("https://evil.example");
    expect(applyCors(req, res, "admin")).toBe(false);
    expect(headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("lets local pages and non-browser clients use the admin API", () => {
    expect(applyCors(fakeExchange("http://localhost:5173").req, fakeExchange().res, "admin")).toBe(
      true,
    );
    expect(applyCors(fakeExchange().req, fakeExchange().res, "admin")).toBe(true);
  });
});
