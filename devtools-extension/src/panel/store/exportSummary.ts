import { OTLP_SPAN_KIND, type OtlpTraceDocument, SDK_SCOPE } from "./otlpExport";

/** What an export file holds, counted from the file itself. */
export interface ExportSummary {
  /** Every span written. */
  readonly spans: number;
  /** The calls' logical spans (the SDK's scope, no parent). */
  readonly calls: number;
  /** One CLIENT span per attempt of a retried call. */
  readonly attempts: number;
  /** SERVER spans of traced functions, under any scope. */
  readonly server: number;
  /** The page's other spans (fetches, its own spans). */
  readonly other: number;
}

/**
 * Counts what an OTLP document actually holds, so the export notice matches the file: the
 * store's span ring alone said "0 spans" for a file of 86 spans of calls and attempts.
 */
export function exportSummary(document: OtlpTraceDocument): ExportSummary {
  let calls = 0;
  let attempts = 0;
  let server = 0;
  let other = 0;
  for (const resource of document.resourceSpans)
    for (const scope of resource.scopeSpans)
      for (const span of scope.spans) {
        if (span.kind === OTLP_SPAN_KIND.server) server++;
        else if (scope.scope.name !== SDK_SCOPE) other++;
        else if (span.parentSpanId === undefined) calls++;
        else if (span.kind === OTLP_SPAN_KIND.client) attempts++;
        else other++;
      }
  return { spans: calls + attempts + server + other, calls, attempts, server, other };
}

/**
 * The export notice: "Exported 40 calls as 86 spans (40 calls, 30 attempts, 16 server spans)", or
 * "Exported 4 calls as 4 spans" when the calls are all there is.
 */
export function exportNotice(summary: ExportSummary): string {
  const plural = (n: number, one: string, many: string) =>
    `${n.toLocaleString()} ${n === 1 ? one : many}`;
  const parts = [
    plural(summary.calls, "call", "calls"),
    summary.attempts > 0 ? plural(summary.attempts, "attempt", "attempts") : "",
    summary.server > 0 ? plural(summary.server, "server span", "server spans") : "",
    summary.other > 0 ? plural(summary.other, "other span", "other spans") : "",
  ].filter((part) => part !== "");
  // With one span per call the breakdown only repeated the count ("4 spans (4 calls)").
  const breakdown = parts.length > 1 ? ` (${parts.join(", ")})` : "";
  return `Exported ${plural(summary.calls, "call", "calls")} as ${plural(summary.spans, "span", "spans")}${breakdown} in OTLP/JSON.`;
}
