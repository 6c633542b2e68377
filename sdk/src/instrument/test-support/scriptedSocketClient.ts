import type { ConvexClient } from "convex/browser";
import { getFunctionName } from "convex/server";
import type { ScriptedCall } from "./scriptedClient.js";

type Listener = {
  onValue: (value: unknown) => void;
  onError?: ((error: Error) => void) | undefined;
};

/** A client with the shape of `ConvexClient` (convex/browser), driven by the test. */
export interface ScriptedSocketClient {
  readonly client: ConvexClient;
  /** Every one-shot call that reached the transport, in order. */
  readonly sent: ScriptedCall[];
  /** What the client's logger printed as errors, as the official DefaultLogger would. */
  readonly printedErrors: string[];
  /** Subscriptions the official client holds now, per function path. */
  subscribers(path: string): number;
  /** Pushes a new result to every subscription of `path`. */
  push(path: string, value: unknown): void;
  /** Fails every subscription of `path`, as a QueryFailed transition does. */
  fail(path: string, error: Error): void;
  /** The log lines `getQueryLogs()` of the official subscription answers with. */
  queryLogs: string[] | undefined;
  /**
   * The raw log lines (`[LOG] 'text'`) a mutation's or action's response carries; the double
   * prints them while it processes that response, as `RequestManager.onResponse` does.
   */
  responseLogs: ((call: ScriptedCall) => string[]) | undefined;
  /** Prints a server log line with no response being processed (which no call can claim). */
  printStray(kind: "Q" | "M" | "A", path: string, text: string): void;
  /** Flips the socket's state and tells connection-state subscribers, as the client does. */
  setConnected(connected: boolean): void;
}

/**
 * Builds a WebSocket-client double whose one-shot calls run `script`. Mutations and actions go
 * through a request manager shaped like the official one (`request` when sent, `onResponse` when
 * answered); while it processes a response it prints the response's log lines through the
 * logger's `log`, and a failure as `[CONVEX M(path)] message` through its `error`, as
 * `logForFunction` does (convex/src/browser/logging.ts), so tests can count console lines.
 */
export function scriptedSocketClient(
  script: (call: ScriptedCall) => unknown,
  { connected = true }: { connected?: boolean } = {},
): ScriptedSocketClient {
  const sent: ScriptedCall[] = [];
  const printedErrors: string[] = [];
  const subscriptions = new Map<string, Set<Listener>>();
  const stateListeners = new Set<(state: { isWebSocketConnected: boolean }) => void>();
  let isConnected = connected;
  const logger = {
    log: (..._args: unknown[]) => {},
    warn: (..._args: unknown[]) => {},
    error: (...args: unknown[]) => {
      printedErrors.push(args.map(String).join(" "));
    },
    logVerbose: (..._args: unknown[]) => {},
  };
  const letter = { query: "Q", mutation: "M", action: "A" } as const;
  const printLine = (prefix: string, path: string, raw: string) => {
    const match = /^\[(\w+)\] ([\s\S]*)$/.exec(raw);
    logger.log(`%c[CONVEX ${prefix}(${path})] [${match?.[1] ?? "LOG"}]`, "color:blue", match?.[2]);
  };
  type Response = { requestId: number; call: ScriptedCall; error?: unknown };
  const requestManager = {
    request: (_message: { requestId: number }, _sent: boolean): void => {},
    onResponse: ({ call, error }: Response): void => {
      const prefix = letter[call.kind];
      for (const raw of result.responseLogs?.(call) ?? []) printLine(prefix, call.path, raw);
      if (error !== undefined) logger.error(`[CONVEX ${prefix}(${call.path})] ${String(error)}`);
    },
  };
  let nextRequestId = 0;
  const run =
    (kind: ScriptedCall["kind"]) =>
    async (reference: unknown, args: unknown): Promise<unknown> => {
      const call = { kind, path: getFunctionName(reference as never), args };
      sent.push(call);
      const requestId = nextRequestId++;
      if (kind !== "query") requestManager.request({ requestId }, true);
      try {
        const value = await script(call);
        if (kind !== "query") requestManager.onResponse({ requestId, call });
        return value;
      } catch (error) {
        if (kind !== "query") requestManager.onResponse({ requestId, call, error });
        throw error;
      }
    };
  const result: ScriptedSocketClient = {
    client: undefined as unknown as ConvexClient,
    sent,
    printedErrors,
    queryLogs: undefined,
    responseLogs: undefined,
    printStray: (kind, path, text) => printLine(kind, path, `[LOG] ${text}`),
    subscribers: (path) => subscriptions.get(path)?.size ?? 0,
    push(path, value) {
      for (const listener of [...(subscriptions.get(path) ?? [])]) listener.onValue(value);
    },
    fail(path, error) {
      for (const listener of [...(subscriptions.get(path) ?? [])]) listener.onError?.(error);
    },
    setConnected(next) {
      isConnected = next;
      for (const listener of [...stateListeners]) listener({ isWebSocketConnected: next });
    },
  };
  const onUpdate = (
    reference: unknown,
    _args: unknown,
    onValue: (value: unknown) => void,
    onError?: (error: Error) => void,
  ) => {
    const path = getFunctionName(reference as never);
    const listener: Listener = { onValue, onError };
    let set = subscriptions.get(path);
    if (!set) {
      set = new Set();
      subscriptions.set(path, set);
    }
    set.add(listener);
    const unsubscribe = () => {
      subscriptions.get(path)?.delete(listener);
    };
    return Object.assign(unsubscribe, {
      unsubscribe,
      getCurrentValue: () => undefined,
      getQueryLogs: () => result.queryLogs,
    });
  };
  const client = {
    disabled: false,
    client: { url: "http://127.0.0.1:3210", logger, requestManager },
    onUpdate,
    onPaginatedUpdate_experimental: onUpdate,
    query: run("query"),
    mutation: run("mutation"),
    action: run("action"),
    close: async () => {},
    connectionState: () => ({ isWebSocketConnected: isConnected }),
    subscribeToConnectionState: (cb: (state: { isWebSocketConnected: boolean }) => void) => {
      stateListeners.add(cb);
      return () => {
        stateListeners.delete(cb);
      };
    },
  };
  (result as { client: ConvexClient }).client = client as unknown as ConvexClient;
  return result;
}
