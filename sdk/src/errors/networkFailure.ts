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

// Codes that mean the TCP connection was never established: DNS failed, nothing listening, or
// the connect attempt itself timed out (undici UND_ERR_CONNECT_TIMEOUT). Anything else (a reset,
// a closed socket, a read timeout) may have happened after the request was sent.
const NEVER_CONNECTED =
  /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

const CONNECTION_LOST =
  /^(?:ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/;

function isNetworkCode(code: string): boolean {
  return NEVER_CONNECTED.test(code) || CONNECTION_LOST.test(code);
}

function read(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? readField(value, key) : undefined;
}

// Causes can be circular or deep; undici nests at most two levels (TypeError → AggregateError → Error).
const MAX_CAUSE_DEPTH = 4;
const MAX_AGGREGATED = 8;

function findSystemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current !== undefined; depth += 1) {
    const code = read(current, "code");
    if (typeof code === "string" && isNetworkCode(code)) return code;
    // Node reports "localhost" failures as an AggregateError of one error per address.
    const errors = read(current, "errors");
    if (Array.isArray(errors)) {
      for (const inner of errors.slice(0, MAX_AGGREGATED)) {
        const innerCode = read(inner, "code");
        if (typeof innerCode === "string" && isNetworkCode(innerCode)) return innerCode;
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
  return { neverConnected: systemCode !== undefined && NEVER_CONNECTED.test(systemCode) };
}
