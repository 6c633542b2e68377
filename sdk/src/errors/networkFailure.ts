import { readField } from "./readField.js";

/** What a transport failure says about whether the request could have reached the server. */
export interface NetworkFailure {
  /** True when no connection was ever made, so nothing can have been executed. */
  neverConnected: boolean;
}

// The messages fetch rejects with when no response came back, per runtime: Node (undici, a
// TypeError with the reason in `cause`), Chrome and Edge, Safari, React Native; and Firefox's.
const FETCH_FAILED =
  /^(?:fetch failed|Failed to fetch|Load failed|Network request failed)$|NetworkError when attempting to fetch resource/i;

// The system and undici codes of a failed connection. Those in the first group mean the TCP
// connection was never established: DNS failed, nothing listening, or the connect attempt itself
// timed out (undici UND_ERR_CONNECT_TIMEOUT). The others (a reset, a closed socket, a read
// timeout) may have happened after the request was sent.
const SYSTEM_CODE =
  /^(?:(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)|ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|UND_ERR_(?:SOCKET|CLOSED|HEADERS_TIMEOUT|BODY_TIMEOUT))$/;

function read(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? readField(value, key) : undefined;
}

// Causes can be circular or deep; undici nests at most two levels (TypeError → AggregateError → Error).
const MAX_CAUSE_DEPTH = 4;
const MAX_AGGREGATED = 8;

// The network code on `value` itself, matched: group 1 is set when it never connected.
function systemCodeOf(value: unknown): RegExpExecArray | undefined {
  const code = read(value, "code");
  return (typeof code === "string" && SYSTEM_CODE.exec(code)) || undefined;
}

function findSystemCode(error: unknown): RegExpExecArray | undefined {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current !== undefined; depth += 1) {
    const code = systemCodeOf(current);
    if (code !== undefined) return code;
    // Node reports "localhost" failures as an AggregateError of one error per address.
    const errors = read(current, "errors");
    if (Array.isArray(errors)) {
      for (const inner of errors.slice(0, MAX_AGGREGATED)) {
        const innerCode = systemCodeOf(inner);
        if (innerCode !== undefined) return innerCode;
      }
    }
    current = read(current, "cause");
  }
  return undefined;
}

/**
 * Recognises a failed fetch or socket (Node, Chrome, Firefox, Safari, React Native) and says
 * whether the connection was certainly never made. Returns undefined for other errors.
 */
export function networkFailureOf(error: unknown, message: string): NetworkFailure | undefined {
  // The system or undici error code found on the error or its causes, e.g. `ECONNREFUSED`.
  const systemCode = findSystemCode(error);
  if (systemCode === undefined && !FETCH_FAILED.test(message)) return undefined;
  return { neverConnected: systemCode?.[1] !== undefined };
}
