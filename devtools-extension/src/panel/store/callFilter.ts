import type { WireFunctionKind } from "@convex-lens/sdk/devtools-protocol";
import type { CallEntry } from "./callEntry";

/** What the calls list shows. Empty fields match everything. */
export interface CallFilter {
  /** Kinds to show; empty shows all. */
  readonly kinds: readonly WireFunctionKind[];
  readonly status: "all" | "ok" | "error";
  /** An error code, exactly. */
  readonly code: string;
  /** A function path, exactly (set by "show calls" in the errors view). */
  readonly functionPath: string;
  /** Case-insensitive substring of path, name, code, messages or request id. */
  readonly text: string;
}

/** Shows everything. */
export const emptyFilter: CallFilter = {
  kinds: [],
  status: "all",
  code: "",
  functionPath: "",
  text: "",
};

/** A compiled filter: one function, built once per filter change, run on every call. */
export function compileFilter(filter: CallFilter): (entry: CallEntry) => boolean {
  const kinds = filter.kinds.length === 0 ? null : new Set(filter.kinds);
  const text = filter.text.trim().toLowerCase();
  const { status, code, functionPath } = filter;
  return (entry) =>
    (kinds === null || kinds.has(entry.kind)) &&
    (status === "all" || entry.status === status) &&
    (code === "" || entry.code === code) &&
    (functionPath === "" || entry.functionPath === functionPath) &&
    (text === "" || entry.haystack.includes(text));
}

/** Whether `filter` shows everything: an empty list then means no calls, not no match. */
export function filterIsEmpty(filter: CallFilter): boolean {
  return (
    filter.kinds.length === 0 &&
    filter.status === "all" &&
    filter.code === "" &&
    filter.functionPath === "" &&
    filter.text.trim() === ""
  );
}
