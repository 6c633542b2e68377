import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complete, type Post } from "../support/completeApi.js";
import { firstMatching } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";
import { epochSeconds, unsignedJwt } from "../support/unsignedJwt.js";

let backend: SpawnedLocalBackend;
let client: ConvexClient;

beforeAll(async () => {
  backend = await startTestBackend({ functionsDir: COMPLETE_FUNCTIONS_DIR, crons: false });
  client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
});

afterAll(async () => {
  await client?.close();
  await backend?.stop();
});

describe("HTTP actions from http.ts", () => {
  it("serves a route on the backend's port, with the site URL the app would see", async () => {
    const response = await fetch(`${backend.url}/hello?name=ada`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      hello: "ada",
      subject: null,
      origin: backend.url,
      siteUrl: backend.url,
    });
  });

  it("gives the action the identity of a bearer token", async () => {
    const response = await fetch(`${backend.url}/hello`, {
      headers: { Authorization: `Bearer ${unsignedJwt({ sub: "user-7", exp: epochSeconds(60) })}` },
    });
    expect(((await response.json()) as { subject: string }).subject).toBe("user-7");
  });

  it("runs mutations whose writes reach subscribers", async () => {
    const body = `via http ${Math.random()}`;
    const seen = firstMatching<Post[]>(
      (onValue) =>
        client.onUpdate(complete.feed, { paginationOpts: { numItems: 100, cursor: null } }, (r) =>
          onValue(r.page),
        ),
      (posts) => posts.some((post) => post.body === body),
    );
    const response = await fetch(`${backend.url}/posts`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://app.example.com" },
      body: JSON.stringify({ body }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect((await seen).find((post) => post.body === body)?.author).toBe("anonymous");
  });

  it("answers a CORS preflight exactly as the app's route defines it, not with the backend's own policy", async () => {
    const response = await fetch(`${backend.url}/posts`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://elsewhere.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": "https://app.example.com",
      "access-control-allow-methods": "POST, OPTIONS",
      "access-control-allow-headers": "Content-Type, Authorization",
      "access-control-max-age": "600",
    });
  });

  it("routes the app's paths under /api/ to the app, while the backend's own endpoints stay the backend's", async () => {
    const webhook = await fetch(`${backend.url}/api/webhooks/stripe`, {
      method: "POST",
      body: "0123456789",
    });
    expect(webhook.status).toBe(200);
    expect(await webhook.text()).toBe("received 10 bytes at /api/webhooks/stripe");
    expect(webhook.headers.get("x-fixture")).toBe("webhook");
    expect(webhook.headers.getSetCookie()).toEqual(["seen=1; Path=/"]);

    const http = new ConvexHttpClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: recordingLogger(),
    });
    expect(Array.isArray(await http.query(complete.allPosts, {}))).toBe(true);
    const preflight = await fetch(`${backend.url}/api/query`, {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://elsewhere.example");
  });

  it("answers 500 with the error when an action throws, and 404 for a path no route matches", async () => {
    const broken = await fetch(`${backend.url}/broken`);
    expect(broken.status).toBe(500);
    expect(((await broken.json()) as { message: string }).message).toMatch(
      /^\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: the route failed on purpose/,
    );
    const missing = await fetch(`${backend.url}/no-such-route`);
    expect(missing.status).toBe(404);
    const wrongMethod = await fetch(`${backend.url}/hello`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(404);
  });

  it("is cut off during an injected outage, like the rest of the deployment", async () => {
    await backend.setFaults({ refuseConnections: true });
    try {
      await expect(fetch(`${backend.url}/hello`)).rejects.toThrow();
    } finally {
      await backend.clearFaults();
    }
    expect((await fetch(`${backend.url}/hello`)).status).toBe(200);
    expect((await backend.status()).counters.httpActions).toBeGreaterThan(0);
  });
});
