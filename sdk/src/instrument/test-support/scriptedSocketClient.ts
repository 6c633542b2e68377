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
  /** Flips the socket's state and tells connection-state subscribers, as the client does. */
  setConnected(connected: boolean): void;
}

/**
 * Builds a WebSocket-client double whose one-shot calls run `script`. A failed mutation or action
 * prints `[CONVEX M(path)] message` through the logger's `error`, as `logForFunction` does
 * (convex/src/browser/logging.ts), so tests can count console lines.
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
  const run =
    (kind: ScriptedCall["kind"]) =>
    async (reference: unknown, args: unknown): Promise<unknown> => {
      const call = { kind, path: getFunctionName(reference as never), args };
      sent.push(call);
      try {
        return await script(call);
      } catch (error) {
        if (kind !== "query")
          logger.error(`[CONVEX ${letter[kind]}(${call.path})] ${String(error)}`);
        throw error;
      }
    };
  const result: ScriptedSocketClient = {
    client: undefined as unknown as ConvexClient,
    sent,
    printedErrors,
    queryLogs: undefined,
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
    client: { url: "http://127.0.0.1:3210", logger },
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
