import { currentCallContext } from "./callContext.js";
import { formatLogLine, type LogLevel } from "./logLine.js";

let installedOriginal: Console | null = null;

function route(level: LogLevel, fallback: keyof Console, original: Console) {
  return (...args: unknown[]): void => {
    const context = currentCallContext();
    if (context === undefined) {
      (original[fallback] as (...a: unknown[]) => void).apply(original, args);
      return;
    }
    const line = formatLogLine(level, args);
    if (context.active) {
      context.buffer.push(line);
    } else {
      context.detachedSink(context.udfPath, line);
    }
  };
}

/**
 * Replaces `globalThis.console` with one that captures output made inside a call context and
 * forwards everything else to the original console. convex-test does not capture console output
 * itself, and deployments return it as `logLines`. Idempotent; returns the original console.
 */
export function installConsoleCapture(): Console {
  if (installedOriginal !== null) {
    return installedOriginal;
  }
  const original = globalThis.console;
  const capture = Object.create(original) as Console & Record<string, unknown>;
  capture.log = route("LOG", "log", original);
  capture.info = route("INFO", "info", original);
  capture.warn = route("WARN", "warn", original);
  capture.error = route("ERROR", "error", original);
  capture.debug = route("DEBUG", "debug", original);
  capture.trace = route("LOG", "trace", original);
  capture.dir = route("LOG", "dir", original);
  capture.table = route("LOG", "table", original);
  const logError = route("ERROR", "error", original);
  capture.assert = (condition?: unknown, ...args: unknown[]) => {
    if (!condition) {
      logError("Assertion failed:", ...args);
    }
  };
  globalThis.console = capture;
  installedOriginal = original;
  return original;
}
