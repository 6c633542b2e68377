import type { Diagnostics } from "../telemetry/diagnostics.js";
import type { ServerLogRouter } from "./serverLogRouter.js";

/** The part of the official clients' `Logger` (convex/src/browser/logging.ts) we listen to. */
export interface LoggerLike {
  log(...args: unknown[]): void;
  error?(...args: unknown[]): void;
}

// A failed mutation or action is printed as `[CONVEX M(path)] <message>` through `logger.error`
// (convex/src/browser/logging.ts, `logForFunction`, called from sync/request_manager.ts).
const FAILURE_LINE = /^\[CONVEX ([MA])\(([^)]*)\)\] /;

/**
 * Listens to a client's logger so server log lines reach their call's span (serverLogRouter.ts
 * says which lines can be attributed). Works for the default logger and for one the app supplied,
 * since both are plain objects with a `log` method. The app's own output is unchanged, except that
 * the console error of a failed attempt goes to its call (known by the response being processed),
 * which prints one line when it ends instead of one per attempt. Returns the function that removes
 * the tap.
 */
export function tapLogger(
  logger: LoggerLike,
  router: ServerLogRouter,
  diagnostics: Diagnostics,
): () => void {
  const original = logger.log;
  const tapped = function (this: unknown, ...args: unknown[]): void {
    try {
      router.route(args);
    } catch (error) {
      diagnostics.record("logger", error);
    }
    original.apply(this, args);
  };
  logger.log = tapped;
  const originalError = logger.error;
  const tappedError = function (this: unknown, ...args: unknown[]): void {
    const print = () => originalError?.apply(this, args);
    try {
      const failure = typeof args[0] === "string" && FAILURE_LINE.test(args[0]);
      const sink = failure ? router.current : undefined;
      if (sink?.holdError) {
        sink.holdError(print);
        return;
      }
    } catch (error) {
      diagnostics.record("logger", error);
    }
    print();
  };
  if (typeof originalError === "function") logger.error = tappedError;
  return () => {
    if (logger.log === tapped) logger.log = original;
    if (logger.error === tappedError) logger.error = originalError;
  };
}
