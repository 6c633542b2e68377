import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { BackendServices } from "./backendServices.js";
import { sendError } from "./httpResponse.js";
import { identityFromAuthorizationHeader } from "./identity.js";
import { readBodyBytes } from "./requestBody.js";

/** Largest request body an HTTP action accepts: 20 MiB, a deployment's limit. */
export const MAX_HTTP_ACTION_BODY_BYTES = 20 * 1024 * 1024;

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      headers.append(name, item);
    }
  }
  return headers;
}

/**
 * Serves a request with the app's `http.ts` router, as a deployment serves its HTTP actions
 * (on its `.convex.site` origin; here on the backend's own port). The app's routes answer
 * everything, CORS preflights included, exactly as the app defines them. A bearer token
 * becomes `ctx.auth.getUserIdentity()`; one that does not decode is ignored rather than
 * refused, since webhooks put other things in Authorization headers.
 */
export async function handleHttpAction(
  services: BackendServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  services.counters.httpActions++;
  const method = (req.method ?? "GET").toUpperCase();
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const read = await readBodyBytes(req, MAX_HTTP_ACTION_BODY_BYTES);
    if (!read.ok) {
      res.setHeader("Connection", "close");
      sendError(
        res,
        413,
        "PayloadTooLarge",
        `HTTP action request bodies are limited to ${MAX_HTTP_ACTION_BODY_BYTES} bytes.`,
      );
      return;
    }
    body = new Uint8Array(read.bytes);
  }
  const auth = identityFromAuthorizationHeader(req.headers.authorization, Date.now());
  const result = await services.runtime.runHttpAction(
    `${url.pathname}${url.search}`,
    { method, headers: requestHeaders(req), ...(body === undefined ? {} : { body }) },
    auth.ok ? auth.identity : null,
  );
  // What the action wrote (through runMutation) is saved before the response says it happened.
  await services.persisted();
  if (!result.ok) {
    sendError(res, 500, "InternalServerError", result.errorMessage);
    return;
  }
  const { response } = result;
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") {
      headers[name] = value;
    }
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) {
    headers["set-cookie"] = cookies;
  }
  res.writeHead(response.status, response.statusText, headers);
  if (response.body === null || method === "HEAD") {
    res.end();
    return;
  }
  const stream = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
  stream.on("error", (error) => {
    services.logger.warn(`HTTP action ${method} ${url.pathname} response failed: ${error.message}`);
    res.destroy(error);
  });
  stream.pipe(res);
}
