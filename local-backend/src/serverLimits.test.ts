import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalBackend, startLocalBackend } from "./server.js";
import { CHAT_APP, type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

// Finding 9 of issue 17 (slowloris): 20,000 connections with unfinished headers blocked normal
// requests for a minute. Small caps and timeouts here keep the test quick.
let app: TempFunctions;
let backend: LocalBackend;

beforeAll(async () => {
  app = await writeTempFunctions(CHAT_APP);
  backend = await startLocalBackend({
    functionsDir: app.dir,
    port: 0,
    maxConnections: 5,
    maxHttpConnections: 20,
    headersTimeoutMs: 400,
  });
});

afterAll(async () => {
  await backend?.close();
  await app?.remove();
});

/** Opens a connection that starts a request and never finishes its headers. */
function slowClient(): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(backend.port, "127.0.0.1", () => {
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      const opened = Date.now();
      const closed = new Promise<number>((done) =>
        socket.on("close", () => done(Date.now() - opened)),
      );
      resolve({ socket, closed });
    });
    socket.on("error", () => {});
    socket.once("error", reject);
  });
}

describe("HTTP connection limits", () => {
  it("cuts off a client that never finishes its headers, within the headers timeout", async () => {
    const { closed } = await slowClient();
    expect(await closed).toBeLessThan(2_500);
  });

  it("refuses connections past the cap at once, and serves normal requests once slow ones are cut", async () => {
    const clients = await Promise.all(
      Array.from({ length: 40 }, () => slowClient().catch(() => null)),
    );
    const refusedAtOnce = await Promise.all(
      clients.map((client) =>
        client === null
          ? true
          : Promise.race([
              client.closed.then(() => true),
              new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
            ]),
      ),
    );
    expect(refusedAtOnce.filter(Boolean).length).toBeGreaterThanOrEqual(15);
    await Promise.all(clients.map((client) => client?.closed));
    const response = await fetch(`${backend.url}/`);
    expect(response.status).toBe(200);
  });
});
