import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  IExportTraceServiceRequest,
  ISpan,
} from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";

/** How the receiver answers: accept, fail with a status, or never answer. */
export type ReceiverMode = "ok" | "fail503" | "hang";

/** A local OTLP/HTTP endpoint that decodes what it gets against OpenTelemetry's own types. */
export interface OtlpReceiver {
  readonly url: string;
  readonly requests: IExportTraceServiceRequest[];
  attempts: number;
  mode: ReceiverMode;
  spans(): ISpan[];
  close(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: IExportTraceServiceRequest[] = [];
  const receiver: OtlpReceiver = {
    url: "",
    requests,
    attempts: 0,
    mode: "ok",
    spans: () =>
      requests.flatMap((request) =>
        (request.resourceSpans ?? []).flatMap((resource) =>
          (resource.scopeSpans ?? []).flatMap((scope) => scope.spans ?? []),
        ),
      ),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      receiver.attempts++;
      if (receiver.mode === "hang") return;
      if (receiver.mode === "fail503") {
        res.writeHead(503).end("down");
        return;
      }
      requests.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  Object.assign(receiver, { url: `http://127.0.0.1:${port}/v1/traces` });
  return receiver;
}
