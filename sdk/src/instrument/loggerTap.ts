import type { Diagnostics } from "../telemetry/diagnostics.js";
import { patchMethods } from "./patchMethods.js";
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
  const { log, error: printError } = logger;
  const tapped: Partial<LoggerLike> = {
    log(...args) {
      try {
        router.route(args);
      } catch (error) {
        diagnostics.record("logger", error);
      }
      log.apply(this, args);
    },
  };
  if (typeof printError === "function") {
    tapped.error = function (...args) {
      const print = () => printError.apply(this, args);
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
  }
  return patchMethods(logger, tapped);
}
