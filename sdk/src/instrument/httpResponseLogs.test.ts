import { describe, expect, it } from "vitest";
import { HttpResponseLogs, logLinesOf, logRoutingFetch, MAX_PENDING } from "./httpResponseLogs.js";
import { ServerLogRouter, type ServerLogSink } from "./serverLogRouter.js";

function recordingSink(): ServerLogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, text) => lines.push(`${level} ${text}`) };
}

const body = (path: string) => JSON.stringify({ path, format: "convex_encoded_json", args: [{}] });
const answer = (logLines: string[]) =>
  new Response(JSON.stringify({ status: "success", value: null, logLines }), { status: 200 });

describe("HttpResponseLogs", () => {
  it("gives calls of one path their requests in the order they were made", () => {
    const calls = new HttpResponseLogs();
    const first = recordingSink();
    const second = recordingSink();
    calls.expect("messages:send", first);
    calls.expect("messages:send", second);
    expect(calls.claim(body("messages:send"))?.sink).toBe(first);
    expect(calls.claim(body("messages:send"))?.sink).toBe(second);
    expect(calls.claim(body("messages:send"))).toBeUndefined();
  });

  it("matches the client's function name in the canonical form call sites use", () => {
    const calls = new HttpResponseLogs();
    const sink = recordingSink();
    calls.expect("messages:default", sink);
    expect(calls.claim(body("messages.js"))?.sink).toBe(sink);
  });

  it("forgets a call that settled without fetching, so the next call keeps its own lines", () => {
    const calls = new HttpResponseLogs();
    const failed = recordingSink();
    const next = recordingSink();
    const withdraw = calls.expect("messages:send", failed);
    withdraw();
    calls.expect("messages:send", next);
    expect(calls.claim(body("messages:send"))?.sink).toBe(next);
  });

  it("reads the path wherever the body puts it, escapes included", () => {
    const calls = new HttpResponseLogs();
    const first = recordingSink();
    const second = recordingSink();
    calls.expect("messages:send", first);
    calls.expect('odd"name:send', second);
    expect(calls.claim(JSON.stringify({ format: "x", path: "messages:send" }))?.sink).toBe(first);
    expect(calls.claim(JSON.stringify({ path: 'odd"name:send', args: [{}] }))?.sink).toBe(second);
  });

  it("gives a request the client fetches at once to the call sending it, queued ones in order", async () => {
    const calls = new HttpResponseLogs();
    const [queuedFirst, queuedSecond, immediate] = [
      recordingSink(),
      recordingSink(),
      recordingSink(),
    ];
    const claims: (ServerLogSink | undefined)[] = [];
    const later: (() => void)[] = [];
    // Two mutations the client queues (fetched later), then a query it fetches at once.
    const queued = (sink: ServerLogSink) =>
      calls.send("messages:send", sink, async () => {
        await new Promise<void>((resolve) => later.push(resolve));
        claims.push(calls.claim(body("messages:send"))?.sink);
      });
    const first = queued(queuedFirst);
    const second = queued(queuedSecond);
    await calls.send("messages:send", immediate, () => {
      claims.push(calls.claim(body("messages:send"))?.sink);
      return Promise.resolve();
    });
    for (const release of later) release();
    await Promise.all([first, second]);
    expect(claims).toEqual([immediate, queuedFirst, queuedSecond]);
    // Settled: nothing is left announced.
    expect(calls.claim(body("messages:send"))).toBeUndefined();
  });

  it("forgets a queued call that settled without fetching", async () => {
    const calls = new HttpResponseLogs();
    const failed = recordingSink();
    await expect(
      calls.send("messages:send", failed, async () => {
        await Promise.resolve();
        throw new Error("arguments failed to encode");
      }),
    ).rejects.toThrow("encode");
    expect(calls.claim(body("messages:send"))).toBeUndefined();
  });

  it("announces at most MAX_PENDING calls; one past the cap only loses its lines", () => {
    const calls = new HttpResponseLogs();
    const sinks = Array.from({ length: MAX_PENDING + 1 }, () => recordingSink());
    for (const sink of sinks) calls.expect("messages:send", sink);
    for (const sink of sinks.slice(0, MAX_PENDING)) {
      expect(calls.claim(body("messages:send"))?.sink).toBe(sink);
    }
    expect(calls.claim(body("messages:send"))).toBeUndefined();
  });

  it("claims nothing for a body that names no path", () => {
    const calls = new HttpResponseLogs();
    calls.expect("messages:send", recordingSink());
    expect(calls.claim("not json")).toBeUndefined();
    expect(calls.claim(undefined)).toBeUndefined();
  });
});

describe("logLinesOf", () => {
  it("reads a parsed response's log lines, and none from a body without them", () => {
    expect(logLinesOf({ logLines: ["[LOG] 'a'", 3] })).toEqual(["[LOG] 'a'"]);
    expect(logLinesOf({ logLines: [] })).toEqual([]);
    expect(logLinesOf({ logLines: "[LOG] 'a'" })).toEqual([]);
    expect(logLinesOf('<html>"logLines":["</html>')).toEqual([]);
    expect(logLinesOf(null)).toEqual([]);
  });
});

describe("logRoutingFetch", () => {
  it("hands a response's lines to its call, and drops the client's printed copy of them", async () => {
    const calls = new HttpResponseLogs();
    const router = new ServerLogRouter();
    const unattributed: unknown[] = [];
    router.lost = (line) => unattributed.push(line);
    const sink = recordingSink();
    calls.expect("messages:send", sink);
    const fetch = logRoutingFetch(
      () => async () => answer(["[LOG] 'sent' 'ada'"]),
      (response) => response,
      calls,
      router,
      () => true,
      () => {},
    );
    const response = await fetch("http://x/api/mutation", { body: body("messages:send") });
    // The client still reads the body itself.
    expect(((await response.json()) as { status: string }).status).toBe("success");
    expect(sink.lines).toEqual(["LOG 'sent' 'ada'"]);
    // The client prints the same line afterwards (convex/src/browser/logging.ts): already placed.
    expect(
      router.route(["%c[CONVEX M(messages:send)] [LOG]", "color:rgb(0, 145, 255)", "'sent' 'ada'"]),
    ).toBe(true);
    expect(unattributed).toEqual([]);
  });

  it("never changes the response when reading its lines fails", async () => {
    const calls = new HttpResponseLogs();
    const errors: unknown[] = [];
    const sink: ServerLogSink = {
      log: () => {
        throw new Error("sink broke");
      },
    };
    calls.expect("messages:send", sink);
    const fetch = logRoutingFetch(
      () => async () => answer(["[LOG] 'x'"]),
      (response) => response,
      calls,
      new ServerLogRouter(),
      () => false,
      (error) => errors.push(error),
    );
    const response = await fetch("http://x/api/mutation", { body: body("messages:send") });
    expect(response.status).toBe(200);
    // The lines are read as the client parses the body, which it still gets whole.
    expect(((await response.json()) as { logLines: string[] }).logLines).toEqual(["[LOG] 'x'"]);
    expect(errors).toHaveLength(1);
  });
});
