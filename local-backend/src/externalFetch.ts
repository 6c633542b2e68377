import { clearTimeout, setTimeout } from "node:timers";
import { currentCallContext } from "./callContext.js";
import { formatLogLine } from "./logLine.js";

/** Default time a function's `fetch` may wait for a response before it fails. */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

/**
 * Thrown to a function whose `fetch` could not reach its target. A `TypeError`, like the
 * platform's own network failures, so code that catches those keeps working; `code` says why.
 */
export class ExternalFetchError extends TypeError {
  override readonly name = "TypeError";
  readonly code: "ExternalServiceUnreachable" | "ExternalServiceTimeout";

  constructor(
    code: "ExternalServiceUnreachable" | "ExternalServiceTimeout",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
  }
}

type Fetch = typeof globalThis.fetch;

function describeTarget(input: Parameters<Fetch>[0], init: RequestInit | undefined): string {
  let url: string;
  let method = init?.method;
  if (typeof input === "string") {
    url = input;
  } else if (input instanceof URL) {
    url = input.href;
  } else {
    url = input.url;
    method ??= input.method;
  }
  return `${(method ?? "GET").toUpperCase()} ${url.length > 200 ? `${url.slice(0, 200)}…` : url}`;
}

function describeCause(error: unknown): string {
  let current: unknown = error;
  // undici reports "fetch failed" and puts the reason (ENOTFOUND, ECONNREFUSED…) in `cause`.
  for (let depth = 0; depth < 4; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) {
      break;
    }
    current = cause;
  }
  if (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    return typeof code === "string" && !current.message.includes(code)
      ? `${code} ${current.message}`
      : current.message;
  }
  return String(current);
}

/**
 * Wraps `fetch` for code running in Convex functions. The local backend often runs offline, and
 * a request to an unreachable service can hang for minutes (a black-holed address, a DNS
 * resolver that never answers). Here it fails within `timeoutMs()` with an
 * `ExternalFetchError` naming the target and the reason, and the same text goes into the call's
 * log lines. Requests outside function calls, and ones the caller aborts itself, are untouched.
 */
export function guardedFetch(original: Fetch, timeoutMs: () => number): Fetch {
  const guarded = async (input: Parameters<Fetch>[0], init?: RequestInit): Promise<Response> => {
    const context = currentCallContext();
    if (context === undefined) {
      return original(input, init);
    }
    const limit = timeoutMs();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), limit);
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal =
      callerSignal === undefined || callerSignal === null
        ? timeout.signal
        : AbortSignal.any([callerSignal, timeout.signal]);
    const started = Date.now();
    try {
      return await original(input, { ...init, signal });
    } catch (error) {
      if (callerSignal?.aborted) {
        throw error;
      }
      const timedOut = timeout.signal.aborted;
      const target = describeTarget(input, init);
      const message = timedOut
        ? `fetch ${target} got no response within ${limit} ms. The local backend may be offline, or the service unreachable from here.`
        : `fetch ${target} failed after ${Date.now() - started} ms: ${describeCause(error)}. The local backend may be offline, or the service unreachable from here.`;
      const line = formatLogLine("ERROR", [message]);
      if (context.active) {
        context.buffer.push(line);
      } else {
        context.detachedSink(context.udfPath, line);
      }
      throw new ExternalFetchError(
        timedOut ? "ExternalServiceTimeout" : "ExternalServiceUnreachable",
        message,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  };
  return guarded as Fetch;
}

let fetchTimeoutMs = DEFAULT_FETCH_TIMEOUT_MS;
let fetchGuardInstalled = false;

/**
 * Guards the global `fetch` that functions see (once per process; later calls only change the
 * timeout). Must run before convex-test's first `convexTest()`, which captures the global.
 */
export function installFetchGuard(timeoutMs: number): void {
  fetchTimeoutMs = timeoutMs;
  if (fetchGuardInstalled) {
    return;
  }
  globalThis.fetch = guardedFetch(globalThis.fetch, () => fetchTimeoutMs);
  fetchGuardInstalled = true;
}
