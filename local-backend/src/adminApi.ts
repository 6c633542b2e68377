import type { IncomingMessage, ServerResponse } from "node:http";
import { type ExecutionLog, readPollQuery } from "./executionLog.js";
import { type FaultConfig, type FaultController, parseFaultPatch } from "./faults.js";
import { sendError, sendJson } from "./httpResponse.js";
import { readBody } from "./requestBody.js";

/** Largest admin request body; fault patches are tiny. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** What the admin API can see and do. */
export interface AdminTarget {
  readonly faults: FaultController;
  dropAllSockets(): number;
  status(): unknown;
  exportData(): unknown;
  functions(): unknown;
  /** Recent function executions, polled by `convex-lens-collector --from-local`. */
  readonly executions: ExecutionLog;
}

/** Applies a fault patch from the request body: merged over the current faults, or replacing them. */
async function changeFaults(
  target: AdminTarget,
  req: IncomingMessage,
  res: ServerResponse,
  mode: "merge" | "replace",
): Promise<void> {
  const body = await readBody(req, MAX_ADMIN_BODY_BYTES);
  if (!body.ok) {
    sendError(
      res,
      413,
      "PayloadTooLarge",
      `Fault settings must be under ${MAX_ADMIN_BODY_BYTES} bytes.`,
    );
    return;
  }
  let input: unknown;
  try {
    input = body.text.trim() === "" ? {} : JSON.parse(body.text);
  } catch {
    sendError(res, 400, "InvalidFaultConfig", "The request body is not valid JSON.");
    return;
  }
  const parsed = parseFaultPatch(input);
  if (!parsed.ok) {
    sendError(res, 400, "InvalidFaultConfig", parsed.message);
    return;
  }
  const config: FaultConfig =
    mode === "merge" ? target.faults.set(parsed.patch) : target.faults.replace(parsed.patch);
  sendJson(res, 200, config);
}

/**
 * The admin API under `/_lens/`: fault injection (GET/POST/PUT/DELETE `/_lens/faults`: POST merges
 * a patch, PUT replaces every setting; POST `/_lens/faults/drop-sockets`), `/_lens/status`, `/_lens/export`, `/_lens/functions`
 * and `/_lens/executions?since=<cursor>` (executionLog.ts).
 */
export async function handleAdminApi(
  target: AdminTarget,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const route = `${req.method ?? "GET"} ${pathname.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /_lens/faults":
      sendJson(res, 200, target.faults.get());
      return;
    case "POST /_lens/faults":
      await changeFaults(target, req, res, "merge");
      return;
    case "PUT /_lens/faults":
      await changeFaults(target, req, res, "replace");
      return;
    case "DELETE /_lens/faults":
      sendJson(res, 200, target.faults.clear());
      return;
    case "POST /_lens/faults/drop-sockets":
      sendJson(res, 200, { dropped: target.dropAllSockets() });
      return;
    case "GET /_lens/status":
      sendJson(res, 200, target.status());
      return;
    case "GET /_lens/export":
      sendJson(res, 200, target.exportData());
      return;
    case "GET /_lens/functions":
      sendJson(res, 200, target.functions());
      return;
    case "GET /_lens/executions": {
      const query = readPollQuery(new URL(req.url ?? "/", "http://localhost").searchParams);
      if (typeof query === "string") sendError(res, 400, "InvalidCursor", query);
      else sendJson(res, 200, target.executions.since(query.since, query.limit));
      return;
    }
    default: {
      const known = [
        "/_lens/faults",
        "/_lens/faults/drop-sockets",
        "/_lens/status",
        "/_lens/export",
        "/_lens/functions",
        "/_lens/executions",
      ];
      if (known.includes(pathname.replace(/\/+$/, ""))) {
        sendError(res, 405, "MethodNotAllowed", `${req.method} is not supported on ${pathname}`);
      } else {
        sendError(res, 404, "NotFound", `No such admin endpoint: ${pathname.slice(0, 100)}`);
      }
    }
  }
}
