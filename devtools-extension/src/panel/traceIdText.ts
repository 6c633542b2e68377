import { visibleText } from "./visibleText";

// No tracer provider gives all-zero ids; an unsampled call's ids are sent empty and arrive as
// zeros too (the wire fills them in). Neither names a trace anyone can look up.
const NOT_AN_ID = /^0*$/;

/** What the panel shows for no trace: said in words, so it is never mistaken for an id. */
export const NOT_TRACED = "not traced (no tracer provider, or not sampled)";

/**
 * How the call detail shows a trace or span id: the id itself, escaped, when it is real, and
 * {@link NOT_TRACED} when it is not (issue 13 §6, "Ids").
 */
export function traceIdText(id: string): string {
  return NOT_AN_ID.test(id) ? NOT_TRACED : visibleText(id);
}
