import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CaptureOptions,
  createLens,
  type DevtoolsOptions,
  defaultBreakerOptions,
  defaultHealthThresholds,
  defaultRetryBudgetOptions,
  defaultRetryOptions,
  defaultTimeouts,
  type EverythingOptions,
  type FaultConfig,
  type FunctionKind,
  type FunctionPolicy,
  type HealthThresholds,
  type LensBreakerOptions,
  type LoggerOptions,
  type MetricsOptions,
  metrics,
  type OnlineOptions,
  type OtelMetricsOptions,
  type RetryBudgetOptions,
  type RetryOptions,
} from "@convex-lens/sdk";
import type { OtlpOptions, TracingOptions } from "@convex-lens/sdk/web";
import { describe, expect, it } from "vitest";
import { DEFAULT_DEVTOOLS_BUFFER_SIZE } from "../../sdk/src/devtools/devtoolsSettings.js";
import { DEFAULT_MAX_QUEUED } from "../../sdk/src/instrument/policyResolver.js";
import { DEFAULT_ONLINE_WAIT_MS } from "../../sdk/src/resilience/onlineManager.js";
import { DOCS_DIR } from "./codeSamples.js";
import { LENS_OPTION_KEYS } from "./lensOptionKeys.js";
import { codeIn, tablesOf } from "./markdownTables.js";

const page = readFileSync(join(DOCS_DIR, "configuration.md"), "utf8");

// Every option, as values the compiler checks against the SDK's types: adding an option to a type
// without listing it here fails typecheck, and listing it here without a row in
// docs/configuration.md fails the test below.
const LENS = LENS_OPTION_KEYS;
const RETRY: Record<keyof RetryOptions, true> = {
  maxAttempts: true,
  initialDelayMs: true,
  maxDelayMs: true,
  multiplier: true,
  jitter: true,
  budget: true,
};
const BUDGET: Record<keyof RetryBudgetOptions, true> = {
  ratio: true,
  maxTokens: true,
};
const BREAKER: Record<keyof Required<LensBreakerOptions>, true> = {
  scope: true,
  failureRateThreshold: true,
  windowMs: true,
  minimumCalls: true,
  consecutiveFailures: true,
  slowCallMs: true,
  slowCallRateThreshold: true,
  openMs: true,
  halfOpenMaxCalls: true,
  countDeveloperErrors: true,
  failFast: true,
};
const TIMEOUTS: Record<FunctionKind, true> = { query: true, mutation: true, action: true };
const POLICY: Record<keyof Required<FunctionPolicy>, true> = {
  idempotent: true,
  retry: true,
  breaker: true,
  timeoutMs: true,
  critical: true,
  maxConcurrent: true,
  maxQueued: true,
  fallback: true,
  propagate: true,
};
const CAPTURE: Record<keyof Required<CaptureOptions>, true> = {
  args: true,
  results: true,
  redact: true,
  maxValueLength: true,
  errorData: true,
};
const DEVTOOLS: Record<keyof Required<DevtoolsOptions>, true> = {
  enabled: true,
  bufferSize: true,
  allowCommands: true,
};
const METRICS: Record<keyof Required<MetricsOptions>, true> = {
  windowMs: true,
  slowestCount: true,
  maxSeries: true,
};
const ONLINE: Record<keyof Required<OnlineOptions>, true> = { waitTimeoutMs: true };
const OTEL_METRICS: Record<keyof Required<OtelMetricsOptions>, true> = { meterProvider: true };
const EVERYTHING: Record<keyof Required<EverythingOptions>, true> = {
  metrics: true,
  health: true,
  logger: true,
  otelMetrics: true,
};
const THRESHOLDS: Record<keyof HealthThresholds, true> = {
  queryLatencyAvgMs: true,
  queryLatencyP95Ms: true,
  mutationSuccess: true,
  errorRate: true,
  disconnectedMs: true,
  connectWaitMs: true,
  minCalls: true,
  degradeAfterMs: true,
  recoverAfterMs: true,
};
const LOGGER: Record<keyof Required<Omit<LoggerOptions, "diagnostics">>, true> = {
  development: true,
  level: true,
  sink: true,
  console: true,
  clock: true,
};
const TRACING: Record<keyof Required<TracingOptions>, true> = {
  serviceName: true,
  serviceVersion: true,
  resourceAttributes: true,
  otlp: true,
  devtools: true,
  lens: true,
  sampler: true,
  spanProcessors: true,
  register: true,
};
const OTLP: Record<keyof Required<OtlpOptions>, true> = {
  url: true,
  headers: true,
  timeoutMs: true,
  batch: true,
};
const BATCH: Record<keyof Required<NonNullable<OtlpOptions["batch"]>>, true> = {
  maxQueueSize: true,
  maxExportBatchSize: true,
  scheduledDelayMs: true,
};
const FAULTS: Record<keyof Required<FaultConfig>, true> = {
  latencyMs: true,
  jitterMs: true,
  errorRate: true,
  offline: true,
  functions: true,
  error: true,
};

const under = (prefix: string, keys: object) => Object.keys(keys).map((k) => `${prefix}.${k}`);

/** The option names each section of the page must list, exactly. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  "createLens options": [
    ...Object.keys(LENS),
    ...under("retry", RETRY),
    ...under("retry.budget", BUDGET),
    ...under("breaker", BREAKER),
    ...under("timeoutMs", TIMEOUTS),
    ...under("functions[pattern]", POLICY),
    ...under("capture", CAPTURE),
    ...under("devtools", DEVTOOLS),
    ...under("online", ONLINE),
  ],
  Modules: [
    ...under("metrics()", METRICS),
    "health().thresholds",
    ...under("health().thresholds", THRESHOLDS),
    ...under("logger()", LOGGER),
    ...under("otelMetrics()", OTEL_METRICS),
    ...under("everything()", EVERYTHING),
  ],
  "setupTracing options": [
    ...Object.keys(TRACING),
    ...under("otlp", OTLP),
    ...under("otlp.batch", BATCH),
  ],
  "Client-side fault injection": Object.keys(FAULTS),
};

/** Rows of the page's option tables (header `option | default | …`), by section. */
function documented(): Map<string, { name: string; defaultCell: string; line: number }[]> {
  const sections = new Map<string, { name: string; defaultCell: string; line: number }[]>();
  for (const table of tablesOf(page)) {
    if (table.header[0] !== "option" || table.header[1] !== "default") continue;
    const rows = sections.get(table.section) ?? [];
    for (const row of table.rows) {
      rows.push({
        name: codeIn(row.cells[0] ?? "") ?? row.cells[0] ?? "",
        defaultCell: row.cells[1] ?? "",
        line: row.line,
      });
    }
    sections.set(table.section, rows);
  }
  return sections;
}

// Defaults the code exports (or exposes), written as the page writes them.
function codeDefaults(): Map<string, unknown> {
  const defaults = new Map<string, unknown>();
  for (const key of [
    "maxAttempts",
    "initialDelayMs",
    "maxDelayMs",
    "multiplier",
    "jitter",
  ] as const)
    defaults.set(`retry.${key}`, defaultRetryOptions[key]);
  for (const [key, value] of Object.entries(defaultRetryBudgetOptions))
    defaults.set(`retry.budget.${key}`, value);
  for (const [key, value] of Object.entries(defaultBreakerOptions))
    defaults.set(`breaker.${key}`, value);
  for (const [key, value] of Object.entries(defaultTimeouts))
    defaults.set(`timeoutMs.${key}`, value);
  for (const [key, value] of Object.entries(defaultHealthThresholds))
    defaults.set(`health().thresholds.${key}`, value);
  defaults.set("devtools.bufferSize", DEFAULT_DEVTOOLS_BUFFER_SIZE);
  defaults.set("functions[pattern].maxQueued", DEFAULT_MAX_QUEUED);
  defaults.set("online.waitTimeoutMs", DEFAULT_ONLINE_WAIT_MS);
  const lens = createLens({ devtools: false, use: [metrics()] });
  defaults.set("metrics().windowMs", lens.metrics().windowMs);
  void lens.shutdown();
  return defaults;
}

function literal(value: unknown): string {
  if (value !== null && typeof value === "object" && "warn" in value && "critical" in value) {
    return `{warn:${String(value.warn)},critical:${String(value.critical)}}`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const normalise = (text: string) => text.replace(/[\s_]/g, "");

describe("docs/configuration.md", () => {
  const sections = documented();

  for (const [section, expected] of Object.entries(EXPECTED)) {
    it(`documents every option of "${section}", and no option that does not exist`, () => {
      const names = (sections.get(section) ?? []).map((row) => row.name);
      expect([...names].sort()).toEqual([...expected].sort());
    });
  }

  it("gives the defaults the code has", () => {
    const rows = new Map([...sections.values()].flat().map((row) => [row.name, row]));
    const defaults = codeDefaults();
    expect(defaults.size).toBeGreaterThan(25);
    for (const [name, value] of defaults) {
      const row = rows.get(name);
      expect(row, `no row for ${name}`).toBeDefined();
      const written = codeIn(row?.defaultCell ?? "");
      expect(
        normalise(written ?? ""),
        `docs/configuration.md:${row?.line}: the default of ${name}`,
      ).toBe(normalise(literal(value)));
    }
  });
});
