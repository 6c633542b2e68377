import { describe, expect, it } from "vitest";
import { Diagnostics } from "../telemetry/diagnostics.js";
import { createRedactor } from "../telemetry/redact.js";
import { followClientLogs } from "./followClientLogs.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { UnattributedLogs } from "./unattributedLogs.js";

// A server line as the official client prints it with no response being processed
// (convex/src/browser/logging.ts).
const stray = (text: string) => ["%c[CONVEX M(tasks:create)] [LOG]", "color:blue", text] as const;

function follow() {
  const rt = {
    unattributed: new UnattributedLogs(createRedactor(), new Diagnostics()),
    diagnostics: new Diagnostics(),
  };
  const printed: string[] = [];
  const logger = { log: (...args: unknown[]) => void printed.push(String(args[2])) };
  const ownLog = logger.log;
  const router = new ServerLogRouter();
  const stop = followClientLogs(rt, router, logger);
  return { rt, router, logger, ownLog, printed, stop };
}

describe("followClientLogs", () => {
  it("lists a line the client's logger prints that no call claims, and the app still sees it printed", () => {
    const { rt, logger, printed } = follow();
    logger.log(...stray("'saved'"));
    expect(rt.unattributed.list().map((line) => line.text)).toEqual(["'saved'"]);
    expect(printed).toEqual(["'saved'"]);
  });

  it("once stopped, gives the app its own logger back and lists nothing more, however often it is stopped", () => {
    const { rt, router, logger, ownLog, stop } = follow();
    stop();
    stop();
    expect(logger.log).toBe(ownLog);
    logger.log(...stray("'printed after'"));
    router.route(stray("'routed after'"));
    expect(rt.unattributed.list()).toEqual([]);
  });

  it("lists what the router loses for a client with no logger to tap", () => {
    const rt = {
      unattributed: new UnattributedLogs(createRedactor(), new Diagnostics()),
      diagnostics: new Diagnostics(),
    };
    const router = new ServerLogRouter();
    const stop = followClientLogs(rt, router, undefined);
    router.route(stray("'routed'"));
    expect(rt.unattributed.list().map((line) => line.text)).toEqual(["'routed'"]);
    stop();
  });
});
