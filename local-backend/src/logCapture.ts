import { AsyncLocalStorage } from "node:async_hooks";
import { formatLogLine, type LogLevel, LogLineBuffer } from "./logLine.js";

/**
 * The per-call state that console output inside a Convex function is attributed to. convex-test
 * does not capture console output, so this module replaces the global console once per process
 * and routes each line to the call whose async context produced it.
 */
export interface CallContext {
  readonly udfPath: string;
  readonly buffer: LogLineBuffer;
  /** Where lines go once the call has answered (e.g. a scheduled function it started). */
  readonly detachedSink: (udfPath: string, line: string) => void;
  /** False once the call has produced its response. */
  active: boolean;
  /** True once the function's own handler started; false means it failed before (validation). */
  handlerEntered: boolean;
}

const storage = new AsyncLocalStorage<CallContext>();

let installedOriginal: Console | null = null;

function route(level: LogLevel, fallback: keyof Console, original: Console) {
  return (...args: unknown[]): void => {
    const context = storage.getStore();
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
 * forwards everything else to the original console. Idempotent; returns the original console so
 * the backend's own logging can bypass capture.
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

/** Starts a fresh context for one client-initiated call. */
export function newCallContext(
  udfPath: string,
  detachedSink: (udfPath: string, line: string) => void,
): CallContext {
  return {
    udfPath,
    buffer: new LogLineBuffer(),
    detachedSink,
    active: true,
    handlerEntered: false,
  };
}

/** Runs `fn` with console output attributed to `context`; the context closes when `fn` settles. */
export async function runInCallContext<T>(context: CallContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await storage.run(context, fn);
  } finally {
    context.active = false;
  }
}

/** Marks that the current call reached its own handler (called from the wrapped handlers). */
export function markHandlerEntered(): void {
  const context = storage.getStore();
  if (context !== undefined) {
    context.handlerEntered = true;
  }
}
