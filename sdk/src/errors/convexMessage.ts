import type { FunctionKind } from "../core/callTarget.js";
import { MAX_FIELD_LENGTH } from "./safeText.js";

/** What a Convex error message says about itself besides its text. */
export interface ConvexMessageParts {
  /** The message without the client's `[CONVEX X(path)] ` prefix and `Called by client` trailer. */
  text: string;
  functionPath?: string;
  kind?: FunctionKind;
  requestId?: string;
}

// The WebSocket clients prefix function failures with `[CONVEX ${Q|M|A}(${udfPath})] ` and end
// them with "\n  Called by client" (createHybridErrorStacktrace and prefix_for_source in
// convex/src/browser/logging.ts). ConvexHttpClient adds neither (convex/src/browser/http_client.ts).
const CLIENT_PREFIX = /^\[CONVEX ([QMA?])\(([^)\n]{1,500})\)\] /;
const CALLED_BY_CLIENT = /\n\s*Called by client\s*$/;
// The server tags every function failure with its request id: "[Request ID: 3f2a…] Server Error".
const REQUEST_ID = /\[Request ID: ([^\]\s]{1,200})\]/;

const KIND_BY_LETTER: Readonly<Record<string, FunctionKind>> = {
  Q: "query",
  M: "mutation",
  A: "action",
};

/** Splits a Convex client error message into its text, function path, kind and request id. */
export function parseConvexMessage(message: string): ConvexMessageParts {
  let text = message;
  const parts: ConvexMessageParts = { text };
  const prefix = CLIENT_PREFIX.exec(text);
  if (prefix !== null) {
    const kind = KIND_BY_LETTER[prefix[1] ?? ""];
    if (kind !== undefined) parts.kind = kind;
    const path = prefix[2];
    if (path !== undefined && path.length <= MAX_FIELD_LENGTH) parts.functionPath = path;
    text = text.slice(prefix[0].length);
  }
  text = text.replace(CALLED_BY_CLIENT, "");
  parts.text = text;
  const requestId = REQUEST_ID.exec(text)?.[1];
  if (requestId !== undefined) parts.requestId = requestId;
  return parts;
}
