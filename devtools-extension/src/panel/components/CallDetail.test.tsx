import { cleanup, render, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { toCallEntry } from "../store/callEntry";
import { wireCall } from "../store/test-support/wireItems";
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

describe("CallDetail", () => {
  it("shows the function's execution time against the network time of the attempt", () => {
    render(<CallDetail call={traced} onClose={() => {}} />);
    const time = screen.getByTestId("server-time");
    expect(time.textContent).toContain("12");
    expect(time.textContent).toContain("28");
  });

  it("nests the database spans under the execution, as text, never as HTML", () => {
    render(<CallDetail call={traced} onClose={() => {}} />);
    const rows = within(screen.getByTestId("call-server-spans")).getAllByTestId("server-span");
    expect(rows.map((row) => row.getAttribute("data-depth"))).toEqual(["0", "1"]);
    expect(rows[1]?.textContent).toContain("<img");
    expect(document.querySelector("img")).toBeNull();
  });
});
