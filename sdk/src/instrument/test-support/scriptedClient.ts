import type { ConvexHttpClient } from "convex/browser";
import { getFunctionName } from "convex/server";

/** What a scripted call receives: which function of which kind, with which arguments. */
export interface ScriptedCall {
  readonly kind: "query" | "mutation" | "action";
  readonly path: string;
  readonly args: unknown;
}

/** A client with the shape of `ConvexHttpClient`, whose transport is a script: for unit tests. */
export interface ScriptedClient {
  readonly client: ConvexHttpClient;
  /** Every call that reached the transport, in order. */
  readonly sent: ScriptedCall[];
  /** Prints a server log line the way the official client does, for the in-flight call. */
  serverLog(kind: "Q" | "M" | "A", path: string, text: string): void;
}

/**
 * Builds a client whose calls run `script`. Its `logger` behaves like the official one, so the
 * lens's log-line routing can be tested without a server.
 */
export function scriptedClient(
  script: (call: ScriptedCall) => unknown,
  url = "http://127.0.0.1:3210",
  { keepSent = true }: { keepSent?: boolean } = {},
): ScriptedClient {
  const sent: ScriptedCall[] = [];
  const logger = { log: (..._args: unknown[]) => {}, warn() {}, error() {}, logVerbose() {} };
  const run =
    (kind: ScriptedCall["kind"]) =>
    async (reference: unknown, args: unknown): Promise<unknown> => {
      const call = { kind, path: getFunctionName(reference as never), args };
      if (keepSent) sent.push(call);
      return await script(call);
    };
  const client = {
    url,
    logger,
    query: run("query"),
    consistentQuery: run("query"),
    mutation: run("mutation"),
    action: run("action"),
  } as unknown as ConvexHttpClient;
  return {
    client,
    sent,
    serverLog(kind, path, text) {
      logger.log(`%c[CONVEX ${kind}(${path})] [LOG]`, "color:rgb(0, 145, 255)", text);
    },
  };
}
