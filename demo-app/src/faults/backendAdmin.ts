/**
 * The local backend's faults, as its admin API reports them (local-backend/src/faults.ts). Kept as
 * a local type: the app talks to the backend over HTTP and must not import its Node package.
 */
export interface BackendFaults {
  latencyMs: number;
  jitterMs: number;
  functions: string | null;
  errorRate: number;
  /** A transient system error, retried or waited out by the clients, or a function's "bug". */
  errorKind: "overloaded" | "unavailable" | "try_again_later" | "rate_limited" | "bug";
  dropSocketsEveryMs: number | null;
  refuseConnections: boolean;
}

/** Why an admin request failed: the backend is not there, or it refused the request. */
export type BackendAdminErrorCode = "UNREACHABLE" | "REJECTED";

/** A failed admin request, with a code to branch on and a sentence to show. */
export class BackendAdminError extends Error {
  override readonly name = "BackendAdminError";
  constructor(
    readonly code: BackendAdminErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The local backend's admin API (`/_lens/*`); it answers pages on localhost only. */
export interface BackendAdmin {
  getFaults(): Promise<BackendFaults>;
  /** Merges a partial change over the current faults; resolves with the result. */
  setFaults(patch: Partial<BackendFaults>): Promise<BackendFaults>;
  clearFaults(): Promise<BackendFaults>;
  /** Drops every WebSocket now; resolves with how many were dropped. */
  dropSockets(): Promise<number>;
}

/** Longest wait for an admin answer: the admin API keeps working during an injected outage. */
const ADMIN_TIMEOUT_MS = 5_000;

/**
 * Creates an admin client for the backend at `baseUrl`, sending `adminToken` (the one the backend
 * printed at start) as a bearer token; `fetchImpl` is for tests.
 */
export function createBackendAdmin(
  baseUrl: string,
  adminToken: string | null,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): BackendAdmin {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method,
        signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS),
        headers: {
          ...(adminToken === null ? {} : { Authorization: `Bearer ${adminToken}` }),
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new BackendAdminError(
        "UNREACHABLE",
        `The local backend's admin API at ${baseUrl} did not answer.`,
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new BackendAdminError("REJECTED", `The local backend refused: ${message}`);
    }
    return JSON.parse(text) as T;
  };
  return {
    getFaults: () => request<BackendFaults>("GET", "/_lens/faults"),
    setFaults: (patch) => request<BackendFaults>("POST", "/_lens/faults", patch),
    clearFaults: () => request<BackendFaults>("DELETE", "/_lens/faults"),
    dropSockets: async () =>
      (await request<{ dropped: number }>("POST", "/_lens/faults/drop-sockets")).dropped,
  };
}
