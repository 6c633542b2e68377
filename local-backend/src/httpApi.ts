import type { IncomingMessage, ServerResponse } from "node:http";
import type { BackendServices } from "./backendServices.js";
import { runClientCall } from "./clientCall.js";
import type { FunctionKind } from "./functionRegistry.js";
import { sendError, sendJson } from "./httpResponse.js";
import { identityFromAuthorizationHeader } from "./identity.js";
import { MAX_BODY_BYTES, readBody } from "./requestBody.js";
import { encodeTs } from "./timestamp.js";

/** Status a deployment uses when the function itself failed (convex/src/browser/http_client.ts). */
export const STATUS_CODE_UDF_FAILED = 560;

const KIND_BY_PATH: Readonly<Record<string, FunctionKind>> = {
  "/api/query": "query",
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
};

/** Whether a path is one of the function API's endpoints. */
export function isFunctionApiPath(pathname: string): boolean {
  return pathname === "/api/query_ts" || KIND_BY_PATH[pathname] !== undefined;
}

/**
 * The HTTP function API that `ConvexHttpClient` calls: POST `/api/query`, `/api/mutation`,
 * `/api/action` with `{path, format: "convex_encoded_json", args: [{…}]}`. Function results are
 * 200 or 560 with `{status, …, logLines}`; anything else is `{code, message}` with a 4xx/5xx.
 */
export async function handleFunctionApi(
  services: BackendServices,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  if (pathname === "/api/query_ts") {
    sendJson(res, 200, { ts: encodeTs(services.engine.now) });
    return;
  }
  const kind = KIND_BY_PATH[pathname];
  if (kind === undefined) {
    sendError(res, 404, "NotFound", `No such endpoint: ${pathname.slice(0, 100)}`);
    return;
  }
  if (req.method !== "POST") {
    sendError(res, 405, "MethodNotAllowed", `${pathname} only accepts POST`);
    return;
  }
  const body = await readBody(req);
  if (!body.ok) {
    res.setHeader("Connection", "close");
    sendError(res, 413, "PayloadTooLarge", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    sendError(res, 400, "BadJsonBody", "The request body is not valid JSON.");
    return;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    sendError(res, 400, "BadJsonBody", "The request body must be a JSON object.");
    return;
  }
  const { path, args, format } = parsed as { path?: unknown; args?: unknown; format?: unknown };
  if (typeof path !== "string" || path.length === 0 || path.length > 1000) {
    sendError(
      res,
      400,
      "BadRequest",
      'The request body needs a "path" naming the function, e.g. "messages:list".',
    );
    return;
  }
  if (format !== undefined && format !== "convex_encoded_json" && format !== "json") {
    sendError(res, 400, "BadRequest", 'Unsupported "format"; use "convex_encoded_json".');
    return;
  }
  const auth = identityFromAuthorizationHeader(req.headers.authorization, Date.now());
  if (!auth.ok) {
    sendError(res, 401, auth.code, auth.message);
    return;
  }
  const result = await runClientCall(
    services,
    {
      kind,
      udfPath: path,
      args: args === undefined ? [{}] : Array.isArray(args) ? args : [args],
      identity: auth.identity,
    },
    "http",
  );
  if (result.systemError !== undefined) {
    sendJson(res, result.systemError.status, result.systemError.body);
    return;
  }
  const outcome = result.outcome;
  if (outcome.success) {
    sendJson(res, 200, { status: "success", value: outcome.value, logLines: outcome.logLines });
  } else {
    sendJson(res, STATUS_CODE_UDF_FAILED, {
      status: "error",
      errorMessage: outcome.errorMessage,
      ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
      logLines: outcome.logLines,
    });
  }
}
