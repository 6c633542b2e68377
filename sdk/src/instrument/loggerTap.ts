import type { Diagnostics } from "../telemetry/diagnostics.js";
import type { ServerLogRouter } from "./serverLogRouter.js";

/** The part of the official clients' `Logger` (convex/src/browser/logging.ts) we listen to. */
export interface LoggerLike {
  log(...args: unknown[]): void;
}

/**
 * Listens to a client's logger so server log lines reach their call's span. Works for the default
 * logger and for one the app supplied, since both are plain objects with a `log` method. The app's
 * own output is unchanged. Returns the function that removes the tap.
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
  return () => {
    if (logger.log === tapped) logger.log = original;
  };
}
