import { createHmac, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Collector } from "./collector.js";
import { readLogStreamBody } from "./logStreamEvents.js";

/** Options of the log-stream webhook receiver. */
export interface WebhookServerOptions {
  readonly collector: Collector;
  readonly port?: number;
  /** 127.0.0.1 unless told otherwise: expose it through your own proxy. */
  readonly host?: string;
  /**
   * The webhook's HMAC secret from Convex's dashboard. Convex signs the body with HMAC-SHA256 and
   * sends `x-webhook-signature: sha256=<hex>` (docs: "Log Streams", Webhook). With a secret set,
   * unsigned or mis-signed requests get 401.
   */
  readonly secret?: string;
  readonly maxBodyBytes?: number;
  readonly log?: (message: string) => void;
}

/** A running receiver. */
export interface WebhookServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An HTTP server for Convex's webhook log stream: POST a batch of events to any path; GET
 * `/stats` for what was received, exported and lost. Bad input gets a 4xx and a logged reason.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { collector } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const log = options.log ?? ((message: string) => console.error(message));
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    collector.countBadInput();
    log(`convex-lens-collector: ${status} ${reason}`);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: reason }));
  };
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...collector.stats, ...collector.exporter.stats }));
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    readBody(req, maxBodyBytes).then(
      (body) => {
        if (body === undefined) return refuse(res, 413, `body over ${maxBodyBytes} bytes`);
        if (options.secret !== undefined && !signed(body, req, options.secret)) {
          return refuse(res, 401, "missing or wrong x-webhook-signature");
        }
        const batch = readLogStreamBody(body.toString("utf8"));
        if (batch instanceof Error) return refuse(res, 400, batch.message);
        collector.acceptLogStreamBatch(batch);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ executions: batch.executions.length, skipped: batch.skipped }));
      },
      () => refuse(res, 400, "request body could not be read"),
    );
  });
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** The body, or `undefined` once it passes `max` bytes (the rest is not read into memory). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function signed(body: Buffer, req: IncomingMessage, secret: string): boolean {
  const header = req.headers["x-webhook-signature"];
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
