import { useSyncExternalStore } from "react";

/** Where the app is: a board (the first one when `boardId` is null) or the monitoring dashboard. */
export type Route =
  | { readonly view: "board"; readonly boardId: string | null }
  | { readonly view: "monitoring" };

/**
 * Parses `location.hash`. Hash routes need no server rewrite rules, so the built app works from
 * any static server; two views do not justify a router dependency.
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "monitoring") return { view: "monitoring" };
  if (parts[0] === "board" && parts[1])
    return { view: "board", boardId: decodeURIComponent(parts[1]) };
  return { view: "board", boardId: null };
}

/** The hash for a route, for links. */
export function routeHref(route: Route): string {
  if (route.view === "monitoring") return "#/monitoring";
  return route.boardId === null ? "#/" : `#/board/${encodeURIComponent(route.boardId)}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

const readHash = () => window.location.hash;

/** The current route, re-rendering on navigation. */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, readHash, () => ""));
}
