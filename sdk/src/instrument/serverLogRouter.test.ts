import { describe, expect, it } from "vitest";
import { MAX_UNATTRIBUTED, ServerLogRouter } from "./serverLogRouter.js";

// The shape the official client logs a server line in (convex/src/browser/logging.ts).
const line = (prefix: string, text: string) => [
  `%c[CONVEX ${prefix}] [LOG]`,
  "color:rgb(0, 145, 255)",
  text,
];
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 5));

function collector() {
  const seen: string[] = [];
  return { seen, sink: { log: (level: string, text: string) => seen.push(`${level} ${text}`) } };
}

describe("ServerLogRouter", () => {
  it("gives a line printed while a response is processed to the call that sent that request, not to an older call of the same function", () => {
    const router = new ServerLogRouter();
    const older = collector();
    const newer = collector();
    router.sending(older.sink, () => router.requestSent(1));
    router.sending(newer.sink, () => router.requestSent(2));
    router.responding(2, () => router.route(line("M(tasks:create)", "'created' 1")));
    expect(newer.seen).toEqual(["LOG 'created' 1"]);
    expect(older.seen).toEqual([]);
  });

  it("lists a mutation's line outside any known response as unattributed, never guessing by path", () => {
    const router = new ServerLogRouter();
    const call = collector();
    router.sending(call.sink, () => router.requestSent(7));
    expect(router.route(line("M(tasks:create)", "stray"))).toBe(true);
    router.responding(99, () => router.route(line("M(tasks:create)", "unknown request")));
    expect(call.seen).toEqual([]);
    expect(router.unattributed().map((l) => `${l.kind} ${l.functionPath} ${l.text}`)).toEqual([
      "mutation tasks:create stray",
      "mutation tasks:create unknown request",
    ]);
  });

  it("lets the subscription whose result carried a query's lines claim them; the rest become unattributed a task later", async () => {
    const router = new ServerLogRouter();
    const subscription = collector();
    router.route(line("Q(messages:list)", "'listing' 1"));
    router.route(line("Q(messages:list)", "'nobody' 2"));
    router.claimQueryLines("messages:list", ["[LOG] 'listing' 1"], subscription.sink);
    expect(subscription.seen).toEqual(["LOG 'listing' 1"]);
    expect(router.unattributed()).toEqual([]);
    await nextTask();
    expect(router.unattributed().map((l) => l.text)).toEqual(["'nobody' 2"]);
  });

  it("ignores other logger output", () => {
    const router = new ServerLogRouter();
    expect(router.route(["WebSocket reconnected"])).toBe(false);
    expect(router.route([{ not: "a string" }])).toBe(false);
    expect(router.unattributed()).toEqual([]);
  });

  it("keeps at most MAX_UNATTRIBUTED unattributed lines, the newest", () => {
    const router = new ServerLogRouter();
    for (let i = 0; i < MAX_UNATTRIBUTED + 50; i++) router.route(line("A(jobs:run)", `line ${i}`));
    const kept = router.unattributed();
    expect(kept).toHaveLength(MAX_UNATTRIBUTED);
    expect(kept[0]?.text).toBe("line 50");
  });

  it("forgets a request once its response was processed", () => {
    const router = new ServerLogRouter();
    const call = collector();
    router.sending(call.sink, () => router.requestSent(3));
    router.responding(3, () => {});
    router.responding(3, () => router.route(line("M(a:b)", "repeated response")));
    expect(call.seen).toEqual([]);
  });
});
