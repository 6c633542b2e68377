/**
 * `@convex-lens/sdk/web`: one-call OpenTelemetry tracing for browser apps that have no tracer
 * provider yet. The only SDK entry that imports OpenTelemetry SDK packages (optional peers).
 */

// For apps that keep their own provider: add this processor to it to see their spans in the panel.
export {
  createDevtoolsSpanProcessor,
  type DevtoolsSpanProcessor,
} from "../devtools/spanProcessor.js";
export type { ExportDiagnostics } from "./countedExporter.js";
export { setupTracing, type TracingSetup } from "./setupTracing.js";
export type { OtlpOptions, TracingOptions } from "./tracingOptions.js";
