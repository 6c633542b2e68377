import { cleanup, render, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { type CallEntry, toCallEntry } from "../store/callEntry";
import { retriedSubscriptionCall, wireCall, wireError } from "../store/test-support/wireItems";
import { CallDetail } from "./CallDetail";

afterEach(cleanup);

const start = 1_700_000_000_000;
const traced = toCallEntry(
  wireCall(1, {
    name: "mutation tasks:create",
    functionPath: "tasks:create",
    kind: "mutation",
    startedAt: start,
    durationMs: 40,
    serverSpans: [
      {
        spanId: "1111111111111111",
        name: "mutation tasks:create",
        kind: "server",
        startedAt: start + 10,
        durationMs: 12,
      },
      {
        spanId: "2222222222222222",
        parentSpanId: "1111111111111111",
        name: '<img src=x onerror="alert(1)">',
        kind: "client",
        startedAt: start + 11,
        durationMs: 0,
        attributes: { "db.collection.name": "tasks" },
      },
    ],
  }),
  "s",
  null,
  1,
);

/** The server-time figures, by their labels. */
function serverTime(): Record<string, string | null | undefined> {
  const terms = within(screen.getByTestId("server-time")).getAllByRole("term");
  return Object.fromEntries(
    terms.map((term) => [term.textContent, term.nextElementSibling?.textContent]),
  );
}

describe("CallDetail", () => {
  it("shows the function's execution time against the network time of the attempt", () => {
    render(<CallDetail call={traced} onClose={() => {}} />);
    // A 40 ms call whose function ran 12 ms: the other 28 ms were network and queueing.
    expect(serverTime()).toEqual({
      Function: "12.0 ms",
      "Network and queue": "28.0 ms",
      Attempt: "40.0 ms",
    });
  });

  it("leaves the wait for the WebSocket out of the network time", () => {
    const waited: CallEntry = { ...traced, connectMs: 5 };
    render(<CallDetail call={waited} onClose={() => {}} />);
    // 40 ms less 5 ms waiting to connect: a 35 ms attempt, 12 ms of it the function.
    expect(serverTime()).toEqual({
      Function: "12.0 ms",
      "Network and queue": "23.0 ms",
      Attempt: "35.0 ms",
    });
  });

  it("nests the database spans under the execution, as text, never as HTML", () => {
    render(<CallDetail call={traced} onClose={() => {}} />);
    const rows = within(screen.getByTestId("call-server-spans")).getAllByTestId("server-span");
    expect(rows.map((row) => row.getAttribute("data-depth"))).toEqual(["0", "1"]);
    expect(rows[1]?.textContent).toContain("<img");
    expect(document.querySelector("img")).toBeNull();
  });
});

describe("the call detail's honest signals", () => {
  it("shows the same wait for an attempt and for the retry event before it", () => {
    const retried = toCallEntry(
      wireCall(2, {
        startedAt: start,
        durationMs: 400,
        attempts: 2,
        attemptDetails: [
          {
            attempt: 1,
            startedAt: start,
            durationMs: 25,
            error: { code: "OVERLOADED", message: "busy" },
          },
          { attempt: 2, startedAt: start + 200, durationMs: 30, error: null },
        ],
        events: [
          {
            name: "convex.retry",
            at: start + 27,
            attributes: {
              "convex.retry.attempt": 1,
              "error.type": "OVERLOADED",
              "convex.retry.delay_ms": 173,
            },
          },
        ],
      }),
      "s1",
      null,
      2,
    );
    render(<CallDetail call={retried} onClose={() => {}} />);
    const row = within(screen.getByTestId("attempts")).getAllByRole("row")[2] as HTMLElement;
    expect(row.textContent).toContain("175 ms");
    expect(screen.getByTestId("events").textContent).toContain("waiting 175 ms");
  });

  it("does not call unredacted arguments redacted", () => {
    const call = toCallEntry(wireCall(3, { argsPreview: '{"boardId":"b1"}' }), "s1", null, 3);
    render(<CallDetail call={call} onClose={() => {}} />);
    expect(screen.getByTestId("arguments-label").textContent).toBe("Arguments");
  });

  it("says how to capture arguments when the page sent none, with the option in its own case", () => {
    const call = toCallEntry(wireCall(4), "s1", null, 4);
    render(<CallDetail call={call} onClose={() => {}} />);
    const heading = screen.getByTestId("arguments-label");
    expect(heading.textContent).toContain("turn on capture.args");
    // The heading is uppercased by the stylesheet; the option sits in a <code> that is not.
    expect(heading.querySelector("code")?.textContent).toBe("capture.args");
  });

  it("shows the HTTP status exactly when the page says a server sent it, whatever the transport", () => {
    const failed = (transport: "websocket" | "http", httpStatusFromServer: boolean) =>
      toCallEntry(
        wireCall(6, {
          transport,
          error: wireError("OVERLOADED", { httpStatus: 503, httpStatusFromServer }),
        }),
        "s1",
        null,
        6,
      );
    const { unmount } = render(<CallDetail call={failed("http", false)} onClose={() => {}} />);
    expect(screen.getByTestId("call-error").textContent).not.toContain("HTTP status");
    unmount();
    render(<CallDetail call={failed("websocket", true)} onClose={() => {}} />);
    expect(screen.getByTestId("call-error").textContent).toContain("HTTP status503");
  });

  it("shows an older page's HTTP status only for a call made over HTTP, not the catalog's status for a WebSocket call", () => {
    const failed = (transport: "websocket" | "http") =>
      toCallEntry(
        wireCall(5, { transport, error: wireError("APPLICATION", { httpStatus: 400 }) }),
        "s1",
        null,
        5,
      );
    const { unmount } = render(<CallDetail call={failed("websocket")} onClose={() => {}} />);
    expect(screen.getByTestId("call-error").textContent).not.toContain("HTTP status");
    unmount();
    render(<CallDetail call={failed("http")} onClose={() => {}} />);
    expect(screen.getByTestId("call-error").textContent).toContain("HTTP status400");
  });

  it("says how to capture a ConvexError's data the page left out", () => {
    const message = "[Request ID: d71] Server Error\nUncaught ConvexError [data not captured]";
    const call = toCallEntry(
      wireCall(6, { error: wireError("APPLICATION", { message }) }),
      "s1",
      null,
      6,
    );
    render(<CallDetail call={call} onClose={() => {}} />);
    expect(screen.getByTestId("error-data-hint").textContent).toContain(
      "createLens({ capture: { errorData: true } })",
    );
  });

  it("adds no capture hint to an error whose data was captured", () => {
    const message = 'Uncaught ConvexError: {"code":"EMPTY"}';
    const call = toCallEntry(
      wireCall(7, { error: wireError("APPLICATION", { message }) }),
      "s1",
      null,
      7,
    );
    render(<CallDetail call={call} onClose={() => {}} />);
    expect(screen.queryByTestId("error-data-hint")).toBeNull();
  });
});

describe("a subscription retried before its first result", () => {
  const subscription = toCallEntry(retriedSubscriptionCall(3, start), "s", null, 1);

  it("draws its attempts, backoffs and the last attempt's wait for the WebSocket, and says whose wait it is", () => {
    render(<CallDetail call={subscription} onClose={() => {}} />);
    const bar = document.querySelector(".bar-track");
    const pieces = [...(bar?.querySelectorAll("[data-piece]") ?? [])];
    expect(pieces.map((piece) => piece.getAttribute("data-piece"))).toEqual([
      "attempt",
      "gap",
      "attempt",
      "gap",
      "connect",
      "attempt",
    ]);
    expect(document.body.textContent).toContain(
      "70.0 ms waiting for the WebSocket; function 25.0 ms (last attempt)",
    );
  });
});
