import { describe, expect, it } from "vitest";
import { parseRoute, routeHref } from "./route.js";

describe("routes", () => {
  it("opens the first board when the address names nothing", () => {
    expect(parseRoute("")).toEqual({ view: "board", boardId: null });
    expect(parseRoute("#/")).toEqual({ view: "board", boardId: null });
    expect(parseRoute("#/nonsense")).toEqual({ view: "board", boardId: null });
  });

  it("opens the board or the dashboard a link points at, and links round-trip", () => {
    for (const route of [
      { view: "board", boardId: "10001;boards" },
      { view: "monitoring" },
      { view: "board", boardId: null },
    ] as const) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });
});
