import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complete } from "../support/completeApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";
import { epochSeconds, unsignedJwt } from "../support/unsignedJwt.js";

let backend: SpawnedLocalBackend;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  backend = await startTestBackend({ functionsDir: COMPLETE_FUNCTIONS_DIR, crons: false });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
});

function wsClient(logger = recordingLogger()) {
  const client = new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger });
  clients.push(client);
  return client;
}

function httpClient() {
  return new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
}

const ada = () =>
  unsignedJwt({
    sub: "user-ada",
    iss: "https://auth.example.com",
    name: "Ada",
    email: "ada@example.com",
    exp: epochSeconds(3600),
  });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

/** Resolves with what `setAuth`'s onChange reports first. */
function authenticate(
  client: ConvexClient,
  fetchToken: (args: { forceRefreshToken: boolean }) => Promise<string | null>,
) {
  return new Promise<boolean>((resolve) => client.setAuth(fetchToken, resolve));
}

describe("loading an app as it is", () => {
  it("serves TypeScript modules that import each other in a cycle, in a package without a module type", async () => {
    const client = wsClient();
    expect(await authenticate(client, async () => ada())).toBe(true);
    await client.mutation(complete.register, { name: "Ada" });
    // account:me runs model/access.ts → model/users.ts → model/access.ts.
    expect(await client.query(complete.me, {})).toBe("Ada (can post)");
  });

  it("lists every function with its kind and visibility", async () => {
    const response = await fetch(`${backend.url}/_lens/functions`, {
      headers: { Authorization: `Bearer ${backend.adminToken}` },
    });
    const functions = (await response.json()) as {
      path: string;
      kind: string;
      visibility: string;
    }[];
    expect(functions).toContainEqual({ path: "account:me", kind: "query", visibility: "public" });
    expect(functions).toContainEqual({
      path: "account:promote",
      kind: "mutation",
      visibility: "internal",
    });
    expect(functions).toContainEqual({
      path: "heartbeat:beat",
      kind: "mutation",
      visibility: "internal",
    });
  });
});

describe("visibility", () => {
  const wording =
    "Could not find public function for 'account:promote'. Did you forget to run `npx convex dev` or `npx convex deploy`?";

  it("refuses a client's call to an internal function over WebSocket, in a deployment's words", async () => {
    const error = await rejection(wsClient().mutation(complete.promote, { tokenIdentifier: "x" }));
    expect(error.message).toMatch(/\[Request ID: [0-9a-f]{16}\] Server Error/);
    expect(error.message).toContain(wording);
  });

  it("refuses it over HTTP too, with the function-error status", async () => {
    const error = await rejection(
      httpClient().mutation(complete.promote, { tokenIdentifier: "x" }),
    );
    expect(error.message).toContain(wording);
    const raw = await fetch(`${backend.url}/api/mutation`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        path: "account:promote",
        format: "convex_encoded_json",
        args: [{ tokenIdentifier: "x" }],
      }),
    });
    expect(raw.status).toBe(560);
    expect(((await raw.json()) as { errorMessage: string }).errorMessage).toContain(wording);
  });
});

describe("identity over WebSocket", () => {
  it("exposes the token's claims through ctx.auth.getUserIdentity()", async () => {
    const client = wsClient();
    expect(await authenticate(client, async () => ada())).toBe(true);
    await eventually(async () =>
      expect(await client.query(complete.whoami, {})).toEqual({
        subject: "user-ada",
        issuer: "https://auth.example.com",
        tokenIdentifier: "https://auth.example.com|user-ada",
        name: "Ada",
        email: "ada@example.com",
      }),
    );
  });

  it("fails an auth-gated query with the app's error while signed out", async () => {
    const error = await rejection(wsClient().query(complete.me, {}));
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("UNAUTHENTICATED");
  });

  it("answers an expired token with an AuthError, after which the client refreshes it and signs in", async () => {
    const client = wsClient();
    const requests: boolean[] = [];
    const signedIn = await authenticate(client, async ({ forceRefreshToken }) => {
      requests.push(forceRefreshToken);
      return forceRefreshToken
        ? ada()
        : unsignedJwt({ sub: "user-ada", iss: "https://auth.example.com", exp: epochSeconds(-60) });
    });
    expect(signedIn).toBe(true);
    expect(requests).toEqual([false, true]);
    expect((await client.query(complete.whoami, {}))?.subject).toBe("user-ada");
  });

  it("reports a token that stays expired with a deployment's wording, and keeps serving the client signed out", async () => {
    const logger = recordingLogger();
    const client = wsClient(logger);
    // A fresh (still expired) token each time, so the client retries until it gives up.
    let n = 0;
    const expired = async () => unsignedJwt({ sub: "user-ada", exp: epochSeconds(-60), jti: n++ });
    expect(await authenticate(client, expired)).toBe(false);
    expect(logger.lines.join("\n")).toMatch(
      /Failed to authenticate: "Expired: ID token expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(current time is /,
    );
    expect(await client.query(complete.whoami, {})).toBeNull();
  });

  it("reports a malformed token as one it could not parse", async () => {
    const logger = recordingLogger();
    const client = wsClient(logger);
    let n = 0;
    expect(await authenticate(client, async () => `not.a-jwt.${n++}`)).toBe(false);
    expect(logger.lines.join("\n")).toContain(
      'Failed to authenticate: "Could not parse as id token',
    );
  });
});

describe("identity over HTTP", () => {
  it("decodes an Authorization: Bearer token into the identity", async () => {
    const http = httpClient();
    http.setAuth(ada());
    expect((await http.query(complete.whoami, {}))?.tokenIdentifier).toBe(
      "https://auth.example.com|user-ada",
    );
    http.clearAuth();
    expect(await http.query(complete.whoami, {})).toBeNull();
  });

  it("answers an expired bearer token with 401 and the deployment's error code", async () => {
    const response = await fetch(`${backend.url}/api/query`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${unsignedJwt({ sub: "u", exp: epochSeconds(-5) })}`,
      },
      body: JSON.stringify({ path: "account:whoami", format: "convex_encoded_json", args: [{}] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: "IdTokenExpired",
      message: expect.stringMatching(/^Expired: ID token expired at /),
    });
  });

  it("answers a malformed bearer token with 401 InvalidAuthHeader through ConvexHttpClient", async () => {
    const http = httpClient();
    http.setAuth("garbage");
    const error = await rejection(http.query(complete.whoami, {}));
    expect(JSON.parse(error.message)).toMatchObject({
      code: "InvalidAuthHeader",
      message: expect.stringContaining("Could not parse as id token"),
    });
  });
});
