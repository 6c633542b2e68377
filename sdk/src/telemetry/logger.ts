import { buildMode } from "../core/buildMode.js";
import { type Clock, systemClock } from "../core/clock.js";
import { check, oneOf, optional } from "../core/optionChecks.js";
import { truncate } from "../errors/safeText.js";
import { Diagnostics } from "./diagnostics.js";

/** Severity of a log record, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** The least severe level written; "silent" writes nothing. */
export type LoggerLevel = LogLevel | "silent";

/** Where a record came from: the SDK itself, the official Convex client, or a Convex function. */
export type LogSource = "sdk" | "convex-client" | "convex-server";

/** Structured fields of a record, in the snake_case our JSON lines use. */
export interface LogFields {
  /** The Convex function, `module:function`. */
  readonly function?: string;
  /** The taxonomy code, for a failure. */
  readonly code?: string;
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly request_id?: string;
  readonly [key: string]: string | number | boolean | null | undefined;
}

/** One log record, as sinks receive it and as one JSON line shows it. */
export interface LogRecord extends LogFields {
  /** ISO 8601 time from the logger's clock. */
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
  readonly source: LogSource;
}

/** Receives every record at or above the logger's level. */
export type LogSink = (record: LogRecord) => void;

/** The few console methods the default sinks write to. */
export interface ConsoleLike {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The SDK's logger: small and pluggable, so apps can send our records wherever theirs go. */
export interface LensLogger {
  /** Whether `level` would be written; lets a caller skip building fields. */
  enabled(level: LogLevel): boolean;
  log(level: LogLevel, message: string, fields?: LogFields, source?: LogSource): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Options of {@link createLogger}. `undefined` means the default. */
export interface LoggerOptions {
  /**
   * Development mode: readable lines at "info" and above. Default: a development build
   * ({@link buildMode}: `NODE_ENV` set and not "production"; without `NODE_ENV`, as in an unbundled
   * script, the logger stays quiet). Outside development the logger is silent unless `level` says
   * otherwise, and then writes JSON lines.
   */
  development?: boolean;
  /** The least severe level written. Default: "info" in development, "silent" otherwise. */
  level?: LoggerLevel;
  /** Where records go. Default: {@link readableSink} in development, {@link jsonLineSink} otherwise. */
  sink?: LogSink;
  /** The console the default sinks write to. Default: the global console. */
  console?: ConsoleLike;
  clock?: Clock;
  /** Where a throwing sink is counted (source "logger"). */
  diagnostics?: Diagnostics;
}

const SEVERITY: Readonly<Record<LoggerLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: Infinity,
};

/** What `level` may be; the logger module checks it at its call site with this same rule. */
export const LEVEL_RULE = /* @__PURE__ */ optional(/* @__PURE__ */ oneOf(Object.keys(SEVERITY)));
// The message written: 2,000 characters and the "…" that marks a cut.
const MAX_MESSAGE = 2_001;

/** A sink that writes each record as one JSON line, through the console method of its level. */
export function jsonLineSink(target: ConsoleLike = globalThis.console): LogSink {
  return (record) => target[record.level](JSON.stringify(record));
}

/**
 * A sink for people: `[convex-lens] WARN messages:send RATE_LIMITED Too many requests (trace 4bf9…)`,
 * through the console method of its level so the browser's level filter applies.
 */
export function readableSink(target: ConsoleLike = globalThis.console): LogSink {
  return (record) => {
    const parts = [`[convex-lens] ${record.level.toUpperCase()}`];
    if (record.source !== "sdk") parts.push(`(${record.source})`);
    // Named once: a message that already says the function or the code is not prefixed with it.
    if (record.function && !record.message.includes(record.function)) parts.push(record.function);
    if (record.code && !record.message.includes(record.code)) parts.push(record.code);
    parts.push(record.message);
    if (record.trace_id) parts.push(`(trace ${record.trace_id})`);
    target[record.level](parts.join(" "));
  };
}

/** Creates a logger; see {@link LoggerOptions} for the development and production defaults. */
export function createLogger(options: LoggerOptions = {}): LensLogger {
  check(options.level, "level", LEVEL_RULE);
  const development = options.development ?? buildMode() === "development";
  const threshold = SEVERITY[options.level ?? (development ? "info" : "silent")];
  const target = options.console ?? globalThis.console;
  const sink = options.sink ?? (development ? readableSink(target) : jsonLineSink(target));
  const clock = options.clock ?? systemClock;
  const diagnostics = options.diagnostics ?? new Diagnostics();

  const enabled = (level: LogLevel): boolean => SEVERITY[level] >= threshold;
  const log = (
    level: LogLevel,
    message: string,
    fields?: LogFields,
    source: LogSource = "sdk",
  ): void => {
    if (!enabled(level)) return;
    try {
      const record: LogRecord = {
        time: new Date(clock.now()).toISOString(),
        level,
        message: truncate(String(message), MAX_MESSAGE),
        source,
        ...writtenFields(fields),
      };
      sink(record);
    } catch (error) {
      diagnostics.record("logger", error);
    }
  };
  return {
    enabled,
    log,
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
  };
}

// Reserved keys stay the logger's own: fields cannot forge the time, level, message or source.
const RESERVED = new Set(["time", "level", "message", "source"]);
// Trace and span ids that name no trace (no tracer provider: all zeros; not sampled: empty) are
// dropped, so no line shows `(trace 000…)` as if it could be looked up.
const TRACE_ID_KEYS = new Set(["trace_id", "span_id"]);
const NOT_AN_ID = /^0*$/;

function writtenFields(fields: LogFields | undefined): LogFields {
  if (fields === undefined) return {};
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || RESERVED.has(key)) continue;
    if (TRACE_ID_KEYS.has(key) && typeof value === "string" && NOT_AN_ID.test(value)) continue;
    out[key] = value;
  }
  return out;
}
