import type { ExecutionRecorder } from "./executionRecorder.js";
import { serverSemconv } from "./semconv.js";
import type { TraceAttributeValue } from "./traceLine.js";

// `ctx.db` seen through a Proxy: every read and write becomes a span with the table, the index,
// the operation and how many documents came back. Never a document's contents, never an id, never
// a filter's values: only names the app wrote in its source and counts.

const WRITES: ReadonlySet<string> = new Set(["insert", "patch", "replace", "delete"]);
const QUERY_TERMINALS: ReadonlySet<string> = new Set([
  "collect",
  "take",
  "first",
  "unique",
  "paginate",
]);
const INDEX_METHODS: ReadonlySet<string> = new Set(["withIndex", "withSearchIndex"]);

/**
 * `db` with each read and write recorded into `recorder`. The returned object has `db`'s type and
 * behaviour: results, errors and `this` pass through unchanged.
 */
export function trackedDb<Db extends object>(db: Db, recorder: ExecutionRecorder): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") {
        return property === "system" && typeof value === "object" && value !== null
          ? trackedDb(value, recorder)
          : value;
      }
      const method = value as (...args: unknown[]) => unknown;
      if (property === "query") {
        return (table: unknown, ...rest: unknown[]) =>
          trackedQuery(method.call(target, table, ...rest), recorder, {
            [serverSemconv.dbCollection]: String(table),
          });
      }
      if (property === "get" || (typeof property === "string" && WRITES.has(property))) {
        const operation = property as string;
        return (...args: unknown[]) => {
          const table = tableOf(operation, args);
          const span = recorder.child(`db.${operation}${table ? ` ${table}` : ""}`, "internal", {
            [serverSemconv.dbOperation]: operation,
            ...(table ? { [serverSemconv.dbCollection]: table } : {}),
          });
          return settle(method.apply(target, args), span, (result) =>
            operation === "get" ? (result === null ? 0 : 1) : 1,
          );
        };
      }
      return method.bind(target);
    },
  });
}

/** The table a call names, when it names one: the two-argument forms put it first. */
function tableOf(operation: string, args: readonly unknown[]): string | undefined {
  const namesTable =
    operation === "insert" ||
    ((operation === "get" || operation === "delete") && args.length >= 2) ||
    ((operation === "patch" || operation === "replace") && args.length >= 3);
  return namesTable && typeof args[0] === "string" ? args[0] : undefined;
}

function trackedQuery(
  query: unknown,
  recorder: ExecutionRecorder,
  attributes: Record<string, TraceAttributeValue>,
): unknown {
  if (typeof query !== "object" || query === null) return query;
  const table = attributes[serverSemconv.dbCollection];
  return new Proxy(query, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === Symbol.asyncIterator) {
        return () => countingIterator(method.call(target), recorder, table, attributes);
      }
      if (typeof property !== "string") return method.bind(target);
      if (QUERY_TERMINALS.has(property)) {
        return (...args: unknown[]) => {
          const span = recorder.child(`db.query ${table}`, "internal", {
            ...attributes,
            [serverSemconv.dbOperation]: property,
          });
          return settle(method.apply(target, args), span, countOf);
        };
      }
      return (...args: unknown[]) =>
        trackedQuery(method.apply(target, args), recorder, {
          ...attributes,
          ...(INDEX_METHODS.has(property) && typeof args[0] === "string"
            ? { [serverSemconv.dbIndex]: args[0] }
            : {}),
          ...(property === "withSearchIndex" ? { [serverSemconv.dbSearch]: true } : {}),
        });
    },
  });
}

/** How many documents a terminal returned: an array, a page, or one document or null. */
function countOf(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  if (typeof result === "object" && result !== null && "page" in result) {
    const page = (result as { page: unknown }).page;
    return Array.isArray(page) ? page.length : 0;
  }
  return result === null ? 0 : 1;
}

/** `for await (const doc of ctx.db.query(…))`: one span for the whole iteration, with its count. */
function countingIterator(
  iterator: unknown,
  recorder: ExecutionRecorder,
  table: TraceAttributeValue | undefined,
  attributes: Record<string, TraceAttributeValue>,
): AsyncIterator<unknown> {
  const inner = iterator as AsyncIterator<unknown>;
  const span = recorder.child(`db.query ${String(table)}`, "internal", {
    ...attributes,
    [serverSemconv.dbOperation]: "iterate",
  });
  let count = 0;
  return {
    async next() {
      try {
        const step = await inner.next();
        if (step.done) {
          span.setAttribute(serverSemconv.dbCount, count);
          span.end();
        } else count++;
        return step;
      } catch (error) {
        span.end(error);
        throw error;
      }
    },
    async return(value?: unknown) {
      span.setAttribute(serverSemconv.dbCount, count);
      span.end();
      return inner.return ? inner.return(value) : { done: true, value };
    },
  };
}

/** Ends `span` when `result` settles, with the count on success; passes the result through. */
function settle(
  result: unknown,
  span: ReturnType<ExecutionRecorder["child"]>,
  count: (value: unknown) => number,
): unknown {
  if (!(result instanceof Promise)) {
    span.end();
    return result;
  }
  return result.then(
    (value: unknown) => {
      span.setAttribute(serverSemconv.dbCount, count(value));
      span.end();
      return value;
    },
    (error: unknown) => {
      span.end(error);
      throw error;
    },
  );
}
