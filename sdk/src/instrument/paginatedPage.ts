/**
 * Whether a subscription is one page of a paginated query. `usePaginatedQuery` subscribes to each
 * page through `watchQuery`, with `paginationOpts` in its args (convex/src/react/use_paginated_query.ts,
 * via useQueries), not through `watchPaginatedQuery`. A page must not be re-subscribed to retry it:
 * the official subscription holds the page's journal (its saved end cursor), and a fresh one would
 * move the page's boundaries, so items could be skipped. Such pages are traced, never retried.
 */
export function isPaginatedPage(args: unknown): boolean {
  if (typeof args !== "object" || args === null) return false;
  const options = (args as { paginationOpts?: unknown }).paginationOpts;
  return typeof options === "object" && options !== null && "numItems" in options;
}
