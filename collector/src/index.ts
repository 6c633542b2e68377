// @convex-lens/collector: Convex production logs (log-stream webhooks, `npx convex logs --jsonl`)
// into OTLP spans. See README.md.
export { readCliInput } from "./cliInput.js";
export { BadInputError, findTraceLine, readCliRecord } from "./cliRecord.js";
export { Collector, type CollectorStats } from "./collector.js";
export type { Execution } from "./execution.js";
export { executionSpans, INSTRUMENTATION_SCOPE } from "./executionSpans.js";
export {
  type LocalBackendPollerOptions,
  PollError,
  pollLocalBackend,
  pollOnce,
} from "./localBackendPoller.js";
export { executionKey, type LogStreamBatch, readLogStreamBody } from "./logStreamEvents.js";
export { type ExporterStats, OtlpExporter, type OtlpExporterOptions } from "./otlpExporter.js";
export {
  startWebhookServer,
  type WebhookServer,
  type WebhookServerOptions,
} from "./webhookServer.js";
