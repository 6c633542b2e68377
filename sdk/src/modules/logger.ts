import { ANY } from "../core/optionChecks.js";
import type { LensError } from "../errors/index.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import { type ConvexLoggerLike, convexLogger } from "../telemetry/convexLogger.js";
import {
  createLogger,
  LEVEL_RULE,
  type LensLogger,
  type LoggerOptions,
} from "../telemetry/logger.js";
import type { Redactor } from "../telemetry/redact.js";
import { redactingLogger } from "../telemetry/redactingLogger.js";
import { type LensModule, sharedSlot } from "./lensModule.js";
import { moduleOptions } from "./moduleOptions.js";

/** What the logger module adds to a lens. */
export interface LoggerApi {
  /** The SDK's structured logger (redacted): failures, breaker changes, and the app's own lines. */
  readonly logger: LensLogger;
  /** A Convex client `logger` that routes the client's own output (reconnects, server logs) here. */
  convexLogger(): ConvexLoggerLike;
}

/** The logger module's redacting logger, for modules that write through it (global handlers). */
export const loggerSlot = /* @__PURE__ */ sharedSlot<LensLogger>("logger");

// The built-in logger's options; createLogger checks the others where it uses them.
const LOGGER_OPTIONS = { development: ANY, level: LEVEL_RULE, sink: ANY, console: ANY, clock: ANY };

/**
 * The SDK's structured logger: one redacted line per failed call (instead of the Convex client's
 * own), breaker transitions, and `lens.logger` for the app. Takes a logger of the app's (any object
 * with `log` and `enabled`) or options for the built-in one: readable lines at "info" in
 * development builds, silent otherwise unless `level` says so (then JSON lines).
 */
export function logger(
  option?: LensLogger | Omit<LoggerOptions, "diagnostics">,
): LensModule<"logger", LoggerApi> {
  // A logger of the app's is taken as is; anything else must be the built-in one's options.
  const given = isLogger(option)
    ? option
    : moduleOptions<Omit<LoggerOptions, "diagnostics">>("logger", option, LOGGER_OPTIONS);
  return {
    name: "logger",
    install(host) {
      const base = isLogger(given)
        ? given
        : createLogger({ ...given, diagnostics: host.diagnostics });
      const redacted = redactingLogger(base, host.redactor);
      host.provide(loggerSlot, redacted);
      host.takeFailureLines(() => redacted.enabled("warn"));
      const stopCalls = host.onCall((record) => {
        if (record.error) logFailure(redacted, record, record.error, host.redactor);
      });
      const stopBreakers = host.onBreakerChange((t) =>
        redacted.warn(`Breaker "${t.scope}" went ${t.from} → ${t.to}: ${t.reason}`, {
          function: t.scope,
        }),
      );
      return {
        api: { logger: redacted, convexLogger: () => convexLogger(redacted) },
        dispose() {
          stopCalls();
          stopBreakers();
        },
      };
    },
  };
}

function isLogger(option: unknown): option is LensLogger {
  return (
    typeof option === "object" &&
    option !== null &&
    typeof (option as LensLogger).log === "function" &&
    typeof (option as LensLogger).enabled === "function"
  );
}

function logFailure(
  logger: LensLogger,
  record: CallRecord,
  error: LensError,
  redactor: Redactor,
): void {
  if (!logger.enabled("warn")) return;
  logger.warn(`${record.name} failed with ${error.code}: ${redactor.errorMessage(error)}`, {
    function: record.functionPath,
    code: error.code,
    trace_id: record.traceId,
    span_id: record.spanId,
    attempts: record.attempts,
    ...(error.requestId ? { request_id: error.requestId } : {}),
  });
}
