import type { LensLogger, LogFields } from "./logger.js";
import type { Redactor } from "./redact.js";

/**
 * Wraps a logger so every record's message and fields pass through the redactor before the
 * logger (the built-in one, or the app's own) sees them: server log lines the Convex client
 * forwards, failures and the app's own `lens.logger` calls alike. A field named like a secret
 * is redacted whole. Redaction never throws (it fails closed), so logging stays safe.
 */
export function redactingLogger(logger: LensLogger, redactor: Redactor): LensLogger {
  const log: LensLogger["log"] = (level, message, fields, source) => {
    if (!logger.enabled(level)) return;
    const text = redactor.text(typeof message === "string" ? message : String(message));
    logger.log(level, text, fields && (redactor.attributes(fields) as LogFields), source);
  };
  return {
    enabled: (level) => logger.enabled(level),
    log,
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
  };
}
