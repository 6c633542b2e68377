import type { WireCall } from "@convex-lens/sdk/devtools-protocol";

/** A call as the panel holds it: the page's item plus the panel's own id and derived fields. */
export interface CallEntry extends WireCall {
  /** The panel's id, unique across sessions; rows, selection and the ring are keyed by it. */
  readonly id: number;
  readonly session: string;
  /** The origin of the page that made the call, as the browser reported it; null if imported. */
  readonly origin: string | null;
  readonly status: "ok" | "error";
  /** The error's taxonomy code, or null on success. */
  readonly code: string | null;
  readonly endedAt: number;
  /** Lower-cased text the text filter searches: path, name, code, messages, request id. */
  readonly haystack: string;
}

/** Builds the panel's entry for a validated call item. */
export function toCallEntry(
  call: WireCall,
  session: string,
  origin: string | null,
  id: number,
): CallEntry {
  const error = call.error;
  const haystack = [
    call.functionPath,
    call.name,
    error?.code,
    error?.appCode,
    error?.message,
    error?.requestId,
  ]
    .filter((part): part is string => typeof part === "string")
    .join("\u0000")
    .toLowerCase();
  return {
    ...call,
    id,
    session,
    origin,
    status: error === null ? "ok" : "error",
    code: error === null ? null : error.code,
    endedAt: call.startedAt + call.durationMs,
    haystack,
  };
}
