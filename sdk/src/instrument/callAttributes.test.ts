import { describe, expect, it } from "vitest";
import type { CallTarget } from "../core/callTarget.js";
import { callAttributes } from "./callAttributes.js";

const target = (serverAddress: string): CallTarget => ({
  functionPath: "messages:list",
  kind: "query",
  transport: "websocket",
  serverAddress,
});

describe("callAttributes", () => {
  it("puts the host alone in server.address and the port in server.port", () => {
    expect(callAttributes(target("127.0.0.1:3210"))).toMatchObject({
      "server.address": "127.0.0.1",
      "server.port": 3210,
    });
  });

  it("keeps an IPv6 host's brackets and splits its port", () => {
    expect(callAttributes(target("[::1]:3210"))).toMatchObject({
      "server.address": "[::1]",
      "server.port": 3210,
    });
  });

  it("gives no server.port when the deployment URL names none (its scheme's default)", () => {
    const attributes = callAttributes(target("happy-otter-123.convex.cloud"));
    expect(attributes["server.address"]).toBe("happy-otter-123.convex.cloud");
    expect(attributes).not.toHaveProperty("server.port");
  });
});
