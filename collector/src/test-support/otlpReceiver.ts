import { once } from "node:events";
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type {
  IExportTraceServiceRequest,
  ISpan,
} from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";

/**
 * How the receiver answers a POST, one mode per failure an exporter must survive. The two
 * statuses differ on purpose: OTLP/HTTP exporters retry 503 but not 500 (the OTLP/HTTP spec's
 * retryable codes are 429, 502, 503 and 504).
 * - "ok": records the request and answers 200.
 * - "fail500": answers 500, a broken collector; the exporter gives the batch up at once.
 * - "fail503": answers 503 with `Retry-After: 0`, a collector briefly down behind its proxy; the
 *   exporter retries without waiting out its backoff.
 * - "hang": never answers, so that only the exporter's own timeout ends the request.
 */
export type ReceiverMode = "ok" | "fail500" | "fail503" | "hang";

/** One request the receiver accepted, decoded against OpenTelemetry's own types. */
export interface ReceivedExport {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: IExportTraceServiceRequest;
}

/** A local OTLP/HTTP JSON endpoint whose failures a test switches on and off. */
export interface OtlpReceiver {
  readonly url: string;
  /** The requests accepted, in order; a test may empty it between cases. */
  readonly requests: ReceivedExport[];
  /** Every POST that reached it, answered, refused or held. */
  attempts: number;
  /** How it answers the next POSTs; see ReceiverMode. */
  mode: ReceiverMode;
  /**
   * How many of the next POSTs to refuse as "fail503" before `mode` applies again. A browser's
   * exporter retries on its own, so a test cannot switch `mode` back between its attempts.
   */
  refuseNext: number;
  /** Requests held unanswered in "hang" mode. */
  readonly held: number;
  /** Every span of every accepted request, in order. */
  spans(): ISpan[];
  close(): Promise<void>;
}

/**
 * Starts a receiver on a free port of 127.0.0.1, in mode "ok". It answers CORS preflights, so a
 * page on another origin can export to it. A body that is not JSON gets 400 (OTLP/HTTP's answer
 * to a malformed request) instead of throwing in the server: the test then fails on the spans
 * that are missing, not on an uncaught error.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedExport[] = [];
  const hanging = new Set<ServerResponse>();
  const receiver: OtlpReceiver = {
    url: "",
    requests,
    attempts: 0,
    mode: "ok",
    refuseNext: 0,
    get held() {
      return hanging.size;
    },
    spans: () =>
      requests.flatMap(({ body }) =>
        (body.resourceSpans ?? []).flatMap((resource) =>
          (resource.scopeSpans ?? []).flatMap((scope) => scope.spans ?? []),
        ),
      ),
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  const server: Server = createServer((request, response) => {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("Access-Control-Allow-Headers", "*");
    response.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
    if (request.method !== "POST") {
      response.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receiver.attempts++;
      const mode = receiver.refuseNext > 0 ? "fail503" : receiver.mode;
      if (receiver.refuseNext > 0) receiver.refuseNext--;
      if (mode === "hang") {
        hanging.add(response);
        response.on("close", () => hanging.delete(response));
        return;
      }
      if (mode === "fail500") {
        response.writeHead(500).end("collector is down");
        return;
      }
      if (mode === "fail503") {
        response.writeHead(503, { "Retry-After": "0" }).end("collector is down");
        return;
      }
      let body: IExportTraceServiceRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as IExportTraceServiceRequest;
      } catch {
        response.writeHead(400).end("not OTLP JSON");
        return;
      }
      requests.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  Object.assign(receiver, { url: `http://127.0.0.1:${port}/v1/traces` });
  return receiver;
}
