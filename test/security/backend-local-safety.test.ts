import { readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { ConvexHttpClient } from "convex/browser";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CHROMIUM_PATH } from "../e2e/support/chromium.js";
import { complete } from "../support/completeApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR } from "../support/paths.js";
import { quiet } from "../support/recordingLogger.js";

// Issue 17's findings against the local backend, each reproduced as the probe did it, against the
// real CLI in a child process: an uploaded page must not run on the backend's origin (1), one
// client must not exhaust its memory (2, 6), and the admin API must not answer other sites,
// rebinding names or callers without the token (1, 5). The "held" list stays held too.
let backend: SpawnedLocalBackend;
let uploadUrl: string;

beforeAll(async () => {
  backend = await startTestBackend({
    functionsDir: COMPLETE_FUNCTIONS_DIR,
    crons: false,
    maxStorageMb: 1,
  });
  const client = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  // A token stays valid until an upload succeeds with it, so the refused uploads below share one.
  uploadUrl = await client.mutation(complete.generateUploadUrl, {});
});
afterAll(async () => {
  await backend?.stop();
});

const admin = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${backend.url}${path}`, {
    headers: { Authorization: `Bearer ${backend.adminToken}`, ...headers },
  });

async function uploadFile(body: string, contentType: string): Promise<string> {
  const client = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  const url = await client.mutation(complete.generateUploadUrl, {});
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body,
  });
  const { storageId } = (await response.json()) as { storageId: string };
  return `${backend.url}/api/storage/${storageId}`;
}

/** A server that counts requests: an uploaded page's script would call it if it ran. */
async function startSink(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(204, { "Access-Control-Allow-Origin": "*" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0, hits };
}

/** Sends one raw HTTP/1.1 request with an exact Host header; resolves with the status. */
function statusWithHost(path: string, host: string, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: backend.port, path, headers: { ...headers, Host: host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Starts a raw POST to `url` that declares `length` bytes and sends `sent` of them, then waits. */
function partialPost(
  url: string,
  length: number,
  sent: number,
): Promise<{ socket: Socket; reply: Promise<string> }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname, () => {
      socket.write(
        `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
          `Content-Type: application/octet-stream\r\nContent-Length: ${length}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(sent, 1));
      let text = "";
      const reply = new Promise<string>((done) => {
        socket.on("data", (chunk) => {
          text += chunk.toString("latin1");
          if (text.includes("\r\n\r\n")) done(text);
        });
        socket.on("close", () => done(text));
      });
      resolve({ socket, reply });
    });
    socket.on("error", () => {});
    socket.once("error", reject);
  });
}

/** An upload to the shared upload URL that declares `length` bytes and sends `sent`. */
const partialUpload = (length: number, sent: number) => partialPost(uploadUrl, length, sent);

function statusOf(reply: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
}

/** The child's resident memory in bytes (Linux). */
function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

describe("stored files (finding 1)", () => {
  it("serves an uploaded text/html page as an inert, sandboxed download", async () => {
    const url = await uploadFile("<script>alert(1)</script>", "text/html");
    const response = await fetch(url);
    expect(response.headers.get("content-disposition")).toBe("attachment");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox\b/);
    await response.arrayBuffer();
  });

  it("never runs an uploaded HTML or SVG page's script in Chromium", async () => {
    const sink = await startSink();
    const script = `<script>fetch("http://127.0.0.1:${sink.port}/ran?" + location.origin)</script>`;
    const pages = [
      await uploadFile(`<!doctype html><html><body>${script}</body></html>`, "text/html"),
      await uploadFile(`<svg xmlns="http://www.w3.org/2000/svg">${script}</svg>`, "image/svg+xml"),
    ];
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage({ acceptDownloads: true });
      for (const url of pages) {
        // A download aborts the navigation; a rendered page would run its script.
        await page.goto(url).catch(() => undefined);
        await page.waitForTimeout(500);
      }
      expect(sink.hits).toEqual([]);
    } finally {
      await browser.close();
      sink.server.close();
    }
  });

  it("keeps storage paths from traversing", async () => {
    for (const path of ["/api/storage/..%2F..%2Fpackage.json", "/api/storage/%2e%2e/%2e%2e/etc"]) {
      const response = await fetch(`${backend.url}${path}`);
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    }
  });
});

describe("the admin API (findings 1 and 5)", () => {
  it("answers this machine's callers that send the token", async () => {
    expect((await admin("/_lens/export")).status).toBe(200);
  });

  it("refuses callers without the token, including a page on the backend's own origin", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Origin: backend.url },
      { Authorization: "Bearer guessed-0000000000" },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${backend.url}/_lens/export`, { headers });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("tables");
    }
  });

  it("refuses other sites' pages and sandboxed documents, even with the token", async () => {
    for (const origin of ["https://evil.example", "null"]) {
      const response = await admin("/_lens/faults", { Origin: origin });
      expect(response.status).toBe(403);
      await response.arrayBuffer();
    }
  });

  it("refuses a DNS-rebinding host name, even with the token", async () => {
    const auth = { Authorization: `Bearer ${backend.adminToken}` };
    expect(await statusWithHost("/_lens/export", `rebind.evil.example:${backend.port}`, auth)).toBe(
      403,
    );
    expect(await statusWithHost("/_lens/export", `localhost:${backend.port}`, auth)).toBe(200);
  });
});

describe("sync sockets (finding 2)", () => {
  const syncUrl = () => `${backend.url.replace(/^http/, "ws")}/api/1.48.0/sync`;

  function upgradeStatus(origin?: string): Promise<number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(syncUrl(), origin === undefined ? {} : { origin });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => {
        ws.close();
        resolve(101);
      });
      ws.on("error", () => {});
    });
  }

  it("refuses sockets from other sites' pages, and admits local pages and Node clients", async () => {
    expect(await upgradeStatus("https://evil.example")).toBe(403);
    expect(await upgradeStatus("http://localhost:5173")).toBe(101);
    expect(await upgradeStatus()).toBe(101);
  });

  it("keeps nothing of 60 connects with 7 MB session ids, and keeps serving", async () => {
    const before = await backend.status();
    const rssBefore = residentBytes(backend.pid);
    const huge = JSON.stringify({
      type: "Connect",
      sessionId: "s".repeat(7_000_000),
      connectionCount: 0,
      lastCloseReason: null,
      clientTs: 0,
    });
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from(
          { length: 10 },
          () =>
            new Promise<void>((resolve) => {
              const ws = new WebSocket(syncUrl());
              ws.on("open", () => ws.send(huge));
              ws.on("close", () => resolve());
              ws.on("error", () => resolve());
            }),
        ),
      );
    }
    const after = await backend.status();
    expect(after.sessions).toBe(before.sessions);
    expect(after.counters.protocolErrors - before.counters.protocolErrors).toBe(60);
    // Kept, 60 ids of 7 MB would be 420 MB; what is left is the garbage of parsing them.
    expect(residentBytes(backend.pid) - rssBefore).toBeLessThan(300 * 1024 * 1024);
    expect((await admin("/_lens/status")).status).toBe(200);
  });
});

describe("uploads (finding 6) and request bodies", () => {
  it("refuses an upload at once when uploads in flight have reserved the room", async () => {
    const first = await partialUpload(900 * 1024, 64 * 1024);
    try {
      const second = await partialUpload(900 * 1024, 0);
      expect(statusOf(await second.reply)).toBe(413);
      second.socket.destroy();
    } finally {
      first.socket.destroy();
    }
  });

  it("receives at most four uploads at once, and answers the fifth with 429", async () => {
    const running = await Promise.all(Array.from({ length: 4 }, () => partialUpload(1_000, 10)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const fifth = await partialUpload(1_000, 10);
      expect(statusOf(await fifth.reply)).toBe(429);
      fifth.socket.destroy();
    } finally {
      for (const upload of running) upload.socket.destroy();
    }
  });

  it("answers a 50 MB function call body with 413 before reading it", async () => {
    const started = Date.now();
    const call = await partialPost(`${backend.url}/api/mutation`, 50 * 1024 * 1024, 64 * 1024);
    expect(statusOf(await call.reply)).toBe(413);
    expect(Date.now() - started).toBeLessThan(2_000);
    call.socket.destroy();
  });
});
