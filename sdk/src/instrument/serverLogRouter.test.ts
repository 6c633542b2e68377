import { describe, expect, it } from "vitest";
import { ServerLogRouter } from "./serverLogRouter.js";

// The shape the official client logs a server line in (convex/src/browser/logging.ts).
const line = (prefix: string, text: string) => [
  `%c[CONVEX ${prefix}] [LOG]`,
  "color:rgb(0, 145, 255)",
  text,
];

describe("ServerLogRouter", () => {
  it("gives a log line to the oldest in-flight call of that function and kind", () => {
    const router = new ServerLogRouter();
    const first: string[] = [];
    const second: string[] = [];
    router.add("mutation:tasks:create", {
      log: (level, text) => first.push(`${level} ${text}`),
    });
    router.add("mutation:tasks:create", { log: (_level, text) => second.push(text) });
    expect(router.route(line("M(tasks:create)", "'created' 1"))).toBe(true);
    expect(first).toEqual(["LOG 'created' 1"]);
    expect(second).toEqual([]);
  });

  it("does not give a query's line to a mutation of the same path", () => {
    const router = new ServerLogRouter();
    const seen: string[] = [];
    router.add("mutation:m:f", { log: (_l, text) => seen.push(text) });
    router.route(line("Q(m:f)", "from the query"));
    expect(seen).toEqual([]);
  });

  it("stops routing to a call once it is removed, and ignores other logger output", () => {
    const router = new ServerLogRouter();
    const seen: string[] = [];
    const sink = { log: (_l: string, text: string) => seen.push(text) };
    router.add("query:a:b", sink);
    router.remove("query:a:b", sink);
    router.route(line("Q(a:b)", "late"));
    expect(seen).toEqual([]);
    expect(router.route(["WebSocket reconnected"])).toBe(false);
    expect(router.route([{ not: "a string" }])).toBe(false);
  });

  it("keeps at most a bounded number of sinks per path", () => {
    const router = new ServerLogRouter();
    const seen: number[] = [];
    for (let i = 0; i < 300; i++) router.add("query:x:y", { log: () => seen.push(i) });
    router.route(line("Q(x:y)", "hello"));
    // The oldest 44 were evicted by the cap of 256.
    expect(seen).toEqual([44]);
  });
});
