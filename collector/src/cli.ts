import { parseArgs } from "node:util";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { readCliInput } from "./cliInput.js";
import { Collector } from "./collector.js";
import { pollLocalBackend } from "./localBackendPoller.js";
import { OtlpExporter } from "./otlpExporter.js";
import { startWebhookServer } from "./webhookServer.js";

const USAGE = `convex-lens-collector: Convex production logs → OTLP spans

  npx convex logs --prod --jsonl | convex-lens-collector --from-cli [--endpoint URL]
  convex-lens-collector [--port 4319] [--host 127.0.0.1] [--secret HMAC] [--endpoint URL]
  convex-lens-collector --from-local http://127.0.0.1:3210 --admin-token TOKEN [--endpoint URL]

  --endpoint      OTLP/HTTP traces URL (default $OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
                  http://localhost:4318/v1/traces)
  --from-cli      read \`npx convex logs --jsonl\` on stdin instead of serving a webhook
  --from-local    poll a Convex Lens local backend's executions (GET /_lens/executions)
  --admin-token   the local backend's admin token (default $CONVEX_LENS_ADMIN_TOKEN)
  --port, --host  where the log-stream webhook listens (default 4319 on 127.0.0.1)
  --secret        the webhook's HMAC secret (default $CONVEX_LENS_WEBHOOK_SECRET)
  --service-name  service.name of the spans (default "convex")`;

/** The `convex-lens-collector` command. */
export async function runCli(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      endpoint: { type: "string" },
      "from-cli": { type: "boolean", default: false },
      "from-local": { type: "string" },
      "admin-token": { type: "string" },
      port: { type: "string", default: "4319" },
      host: { type: "string", default: "127.0.0.1" },
      secret: { type: "string" },
      "service-name": { type: "string", default: "convex" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const endpoint =
    values.endpoint ??
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    "http://localhost:4318/v1/traces";
  const exporter = new OtlpExporter({ endpoint });
  const collector = new Collector(
    exporter,
    resourceFromAttributes({ "service.name": values["service-name"] }),
  );
  const report = () =>
    console.error(
      `convex-lens-collector: ${JSON.stringify({ ...collector.stats, ...exporter.stats })}`,
    );
  if (values["from-cli"]) {
    await readCliInput(process.stdin, collector);
    await exporter.flush();
    report();
    return;
  }
  const local = values["from-local"];
  if (local !== undefined) {
    const adminToken = values["admin-token"] ?? process.env.CONVEX_LENS_ADMIN_TOKEN;
    if (adminToken === undefined) {
      console.error(
        "convex-lens-collector: --from-local needs --admin-token (the local backend prints it at start-up)",
      );
      process.exitCode = 2;
      return;
    }
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    console.error(`convex-lens-collector: following ${local}, OTLP to ${endpoint}`);
    await pollLocalBackend({ url: local, adminToken, collector, signal: stopping.signal });
    await exporter.flush();
    report();
    return;
  }
  const secret = values.secret ?? process.env.CONVEX_LENS_WEBHOOK_SECRET;
  if (secret === undefined) {
    console.error(
      "convex-lens-collector: no --secret: webhook requests are not authenticated (set the HMAC secret Convex shows for the webhook)",
    );
  }
  const server = await startWebhookServer({
    collector,
    port: Number(values.port),
    host: values.host,
    ...(secret === undefined ? {} : { secret }),
  });
  console.error(`convex-lens-collector: log-stream webhook on ${server.url}, OTLP to ${endpoint}`);
  const stop = async () => {
    await server.close();
    await exporter.flush();
    report();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
