import { describe, expect, it } from "vitest";
import {
  MAX_HELD_LINES,
  MAX_REQUESTS,
  ServerLogRouter,
  type UnattributedLog,
} from "./serverLogRouter.js";

// The shape the official client logs a server line in (convex/src/browser/logging.ts).
const line = (prefix: string, text: string) => [
  `%c[CONVEX ${prefix}] [LOG]`,
  "color:rgb(0, 145, 255)",
  text,
];
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A router whose unattributed lines are kept, newest last, as the lens-wide list keeps them. */
function listedRouter(): { router: ServerLogRouter; unattributed: UnattributedLog[] } {
  const router = new ServerLogRouter();
  const unattributed: UnattributedLog[] = [];
  router.lost = (line) => unattributed.push(line);
  return { router, unattributed };
}

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
    const { router, unattributed } = listedRouter();
    const call = collector();
    router.sending(call.sink, () => router.requestSent(7));
    expect(router.route(line("M(tasks:create)", "stray"))).toBe(true);
    router.responding(99, () => router.route(line("M(tasks:create)", "unknown request")));
    expect(call.seen).toEqual([]);
    expect(unattributed.map((l) => `${l.kind} ${l.functionPath} ${l.text}`)).toEqual([
      "mutation tasks:create stray",
      "mutation tasks:create unknown request",
    ]);
  });

  it("lets the subscription whose result carried a query's lines claim them; the rest become unattributed a task later", async () => {
    const { router, unattributed } = listedRouter();
    const subscription = collector();
    router.route(line("Q(messages:list)", "'listing' 1"));
    router.route(line("Q(messages:list)", "'nobody' 2"));
    router.claimQueryLines("messages:list", ["[LOG] 'listing' 1"], subscription.sink);
    expect(subscription.seen).toEqual(["LOG 'listing' 1"]);
    expect(unattributed).toEqual([]);
    await nextTask();
    expect(unattributed.map((l) => l.text)).toEqual(["'nobody' 2"]);
  });

  it("ignores other logger output", () => {
    const { router, unattributed } = listedRouter();
    expect(router.route(["WebSocket reconnected"])).toBe(false);
    expect(router.route([{ not: "a string" }])).toBe(false);
    expect(unattributed).toEqual([]);
  });

  it("holds at most MAX_HELD_LINES query lines for their subscription; the rest are listed at once", () => {
    const { router, unattributed } = listedRouter();
    for (let i = 0; i < MAX_HELD_LINES + 3; i++) router.route(line("Q(a:b)", `line ${i}`));
    expect(unattributed.map((l) => l.text)).toEqual([
      `line ${MAX_HELD_LINES}`,
      `line ${MAX_HELD_LINES + 1}`,
      `line ${MAX_HELD_LINES + 2}`,
    ]);
  });

  it("drops the oldest HTTP line waiting for its printed copy past MAX_HELD_LINES; that copy is then listed", () => {
    const { router, unattributed } = listedRouter();
    const call = collector();
    const raw = Array.from({ length: MAX_HELD_LINES + 1 }, (_, i) => `[LOG] 'line ${i}'`);
    router.claimResponseLines("a:b", raw, call.sink, true);
    expect(call.seen).toHaveLength(MAX_HELD_LINES + 1);
    for (let i = 0; i <= MAX_HELD_LINES; i++) router.route(line("M(a:b)", `'line ${i}'`));
    expect(unattributed.map((l) => l.text)).toEqual(["'line 0'"]);
  });

  it("past MAX_REQUESTS unanswered requests, lists the oldest one's line as unattributed and still routes the rest", () => {
    const { router, unattributed } = listedRouter();
    const oldest = collector();
    const later = collector();
    router.sending(oldest.sink, () => router.requestSent(0));
    for (let id = 1; id <= MAX_REQUESTS; id++)
      router.sending(later.sink, () => router.requestSent(id));
    router.responding(0, () => router.route(line("M(a:b)", "oldest")));
    router.responding(1, () => router.route(line("M(a:b)", "second")));
    router.responding(MAX_REQUESTS, () => router.route(line("M(a:b)", "newest")));
    expect(oldest.seen).toEqual([]);
    expect(unattributed.map((l) => l.text)).toEqual(["oldest"]);
    expect(later.seen).toEqual(["LOG second", "LOG newest"]);
  });

  it("goes on when the list taking a stray line throws", () => {
    const router = new ServerLogRouter();
    router.lost = () => {
      throw new Error("list broke");
    };
    expect(router.route(line("A(jobs:run)", "stray"))).toBe(true);
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
