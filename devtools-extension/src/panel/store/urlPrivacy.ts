import type { WireAttributeValue } from "@convex-lens/sdk/devtools-protocol";

// Attributes that hold a whole address, and those that hold only its query or fragment
// (OpenTelemetry's url.* conventions, and the older http.* ones).
const ADDRESS_KEYS = new Set(["url.full", "http.url", "http.target"]);
const QUERY_OR_FRAGMENT_KEYS = new Set(["url.query", "url.fragment"]);

/**
 * `url` without its query string and fragment. Tokens, ids and search terms live there
 * (`#access_token=…`, `?invite=…`), and an export is a file people share.
 */
export function withoutQueryAndFragment(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * An attribute's value as an export keeps it by default: an address cut before its query and
 * fragment, and `undefined` (left out) for an attribute that holds only a query or fragment.
 */
export function privateAttributeValue(
  key: string,
  value: WireAttributeValue,
): WireAttributeValue | undefined {
  if (QUERY_OR_FRAGMENT_KEYS.has(key)) return undefined;
  return ADDRESS_KEYS.has(key) && typeof value === "string"
    ? withoutQueryAndFragment(value)
    : value;
}
