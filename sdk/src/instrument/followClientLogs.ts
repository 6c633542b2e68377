import type { LensRuntime } from "./lensRuntime.js";
import { type LoggerLike, tapLogger } from "./loggerTap.js";
import type { ServerLogRouter } from "./serverLogRouter.js";

/**
 * Sends the server log lines one client prints (WebSocket or HTTP) through `router`: its logger is
 * tapped when it has a `log` (loggerTap.ts), and the lines no call claims join the lens-wide
 * unattributed list. Returns the function that lets go of both; calling it again does nothing.
 */
export function followClientLogs(
  rt: Pick<LensRuntime, "unattributed" | "diagnostics">,
  router: ServerLogRouter,
  logger: LoggerLike | undefined,
): () => void {
  const unfollow = rt.unattributed.follow(router);
  const untap =
    logger && typeof logger.log === "function" ? tapLogger(logger, router, rt.diagnostics) : null;
  return () => {
    untap?.();
    unfollow();
  };
}
