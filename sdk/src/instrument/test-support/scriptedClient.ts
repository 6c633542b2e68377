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
  /**
   * A server log line of the call the script is running: it comes back in that call's response
   * (`logLines`) and the client then prints it, as the official client does in debug mode.
   * Outside a call it is printed at once.
   */
  serverLog(kind: "Q" | "M" | "A", path: string, text: string): void;
}

type Fetch = typeof globalThis.fetch;

/**
 * The part of a `Response` the client and the lens read (status, headers, body text), without
 * the cost of a real one: the scripted client serves millions of calls in the memory and overhead
 * suites, so its transport must stay far cheaper than the code under test.
 */
function scriptResponse(status: number, lines: readonly string[]): Response {
  const body =
    lines.length === 0
      ? '{"logLines":[]}'
      : JSON.stringify({ status: status === 200 ? "success" : "error", logLines: lines });
  const response = {
    ok: status === 200,
    status,
    headers: { get: () => null },
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
    clone: () => response,
  };
  return response as unknown as Response;
}

/** One request on its way through the client's fetch: the call and, once run, its outcome. */
interface Job {
  readonly call: ScriptedCall;
  lines: string[];
  value?: unknown;
  error?: { readonly thrown: unknown };
}

/**
 * Builds a client whose calls run `script`. Like `ConvexHttpClient`, each call goes through the
 * client's `fetch` field (which the lens wraps) and its response carries the call's server log
 * lines, which the client's `logger` then prints; the script's own value or error is what the
 * call returns or throws, unchanged.
 */
export function scriptedClient(
  script: (call: ScriptedCall) => unknown,
  url = "http://127.0.0.1:3210",
  { keepSent = true }: { keepSent?: boolean } = {},
): ScriptedClient {
  const sent: ScriptedCall[] = [];
  const logger = { log: (..._args: unknown[]) => {}, warn() {}, error() {}, logVerbose() {} };
  const jobs = new WeakMap<object, Job>();
  let running: Job | undefined;
  const print = (kind: string, path: string, text: string) =>
    logger.log(`%c[CONVEX ${kind}(${path})] [LOG]`, "color:rgb(0, 145, 255)", text);

  // The transport: runs the script as the server would, and answers with its log lines.
  const scriptFetch: Fetch = async (_input, init) => {
    const job = init ? jobs.get(init) : undefined;
    if (!job) throw new TypeError("scriptedClient: a request it did not build");
    const previous = running;
    running = job;
    try {
      job.value = await script(job.call);
    } catch (thrown) {
      job.error = { thrown };
    } finally {
      running = previous;
    }
    const failed = job.error !== undefined;
    return scriptResponse(failed ? 560 : 200, job.lines);
  };

  const letter = { query: "Q", mutation: "M", action: "A" } as const;
  const run =
    (kind: ScriptedCall["kind"]) =>
    async (reference: unknown, args: unknown): Promise<unknown> => {
      const call = { kind, path: getFunctionName(reference as never), args };
      if (keepSent) sent.push(call);
      const job: Job = { call, lines: [] };
      const init = {
        method: "POST",
        // The path is what the lens reads; the script gets the arguments themselves (which a
        // test may make unserialisable on purpose).
        body: JSON.stringify({ path: call.path, format: "convex_encoded_json" }),
      };
      jobs.set(init, job);
      const fetch = (client as unknown as { fetch: Fetch }).fetch;
      const response = await fetch(`${url}/api/${kind}`, init);
      // As the client does: it parses the body itself and prints its lines in debug mode.
      const { logLines } = (await response.json()) as { logLines: string[] };
      if ((client as unknown as { debug: boolean }).debug) {
        for (const raw of logLines) print(letter[kind], call.path, raw.replace(/^\[LOG\] /, ""));
      }
      if (job.error) throw job.error.thrown;
      return job.value;
    };
  const client = {
    url,
    logger,
    debug: true,
    fetch: scriptFetch,
    query: run("query"),
    consistentQuery: run("query"),
    mutation: run("mutation"),
    action: run("action"),
  } as unknown as ConvexHttpClient;
  return {
    client,
    sent,
    serverLog(kind, path, text) {
      if (running) running.lines.push(`[LOG] ${text}`);
      else print(kind, path, text);
    },
  };
}
