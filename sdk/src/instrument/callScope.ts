import type { CallOptions } from "./callOptions.js";

/** The methods of a client that `lens.call` scopes: each takes the client's own arguments and types. */
export type ScopedClient<C> = Pick<C, Extract<keyof C, "query" | "mutation" | "action">>;

// The options of the call being started right now. The instrumented methods enter `executeCall`
// synchronously, so a slot set around that synchronous entry reaches exactly that call, whatever
// the client (React, browser or HTTP), without a second copy of every instrumented method.
let pending: CallOptions | undefined;

/**
 * Takes the options of the call being started, once: the first `executeCall` entered takes them,
 * so a call the client makes on its own behalf inside (`query()` builds on `watchQuery()`) does not.
 */
export function takeCallOptions(): CallOptions | undefined {
  const options = pending;
  pending = undefined;
  return options;
}

/**
 * A view of `client` whose `query`, `mutation` and `action` carry `options`. They call the
 * client's own (instrumented) methods, so types, results and errors are the client's.
 */
export function scopedClient<C extends object>(client: C, options: CallOptions): ScopedClient<C> {
  const record = client as Record<string, unknown>;
  const scoped =
    (name: "query" | "mutation" | "action") =>
    (...args: unknown[]): unknown => {
      const method = record[name] as (...a: unknown[]) => unknown;
      const outer = pending;
      pending = options;
      try {
        return method.apply(client, args);
      } finally {
        pending = outer;
      }
    };
  return {
    query: scoped("query"),
    mutation: scoped("mutation"),
    action: scoped("action"),
  } as unknown as ScopedClient<C>;
}
