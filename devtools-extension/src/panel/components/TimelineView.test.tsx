import type { WireItem } from "@convex-lens/sdk/devtools-protocol";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PanelStore } from "../store/panelStore";
import { wireCall, wireError } from "../store/test-support/wireItems";
import { useStore } from "../useStore";
import { TimelineView } from "./TimelineView";

const T0 = 1_700_000_000_000;
let store: PanelStore;

function Harness() {
  useStore(store);
  return <TimelineView store={store} />;
}

function ingest(items: WireItem[]) {
  act(() => store.ingest({ session: "s1", items }));
}

function shown(): { start: number; end: number } {
  const timeline = screen.getByTestId("timeline");
  return {
    start: Number(timeline.getAttribute("data-window-start")),
    end: Number(timeline.getAttribute("data-window-end")),
  };
}

function callRow(text: string): HTMLElement {
  const row = screen.getAllByTestId("timeline-call").find((r) => r.textContent?.includes(text));
  if (!row) throw new Error(`no row for ${text}`);
  return row;
}

beforeEach(() => {
  store = new PanelStore({ schedule: (fn) => fn() });
  ingest([
    wireCall(1, { functionPath: "messages:list", startedAt: T0, durationMs: 20 }),
    wireCall(2, {
      functionPath: "tasks:create",
      name: "mutation tasks:create",
      kind: "mutation",
      startedAt: T0 + 300_000,
      durationMs: 400,
      attempts: 2,
      attemptDetails: [
        { attempt: 1, startedAt: T0 + 300_000, durationMs: 50, error: wireError("OVERLOADED") },
        { attempt: 2, startedAt: T0 + 300_250, durationMs: 150, error: null },
      ],
    }),
    wireCall(3, { functionPath: "messages:count", startedAt: T0 + 600_000, durationMs: 30 }),
  ]);
  render(<Harness />);
});

afterEach(cleanup);

describe("the timeline", () => {
  it("opens a call's detail when its row is clicked, or reached with ↑ ↓ and Enter pressed", () => {
    fireEvent.click(callRow("tasks:create"));
    expect(screen.getByTestId("call-detail").textContent).toContain("tasks:create");
    expect(callRow("tasks:create").getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(callRow("tasks:create"), { key: "ArrowDown" });
    expect(document.activeElement).toBe(callRow("messages:count"));
    fireEvent.keyDown(callRow("messages:count"), { key: "Enter" });
    expect(screen.getByTestId("call-detail").textContent).toContain("messages:count");
    expect(callRow("messages:count").tabIndex).toBe(0);
    expect(callRow("tasks:create").tabIndex).toBe(-1);
  });

  it("zooms in and out with + and -, and shows the whole session again with 0 or Reset zoom", () => {
    const whole = shown();
    expect(whole).toEqual({ start: T0, end: T0 + 600_030 });
    fireEvent.keyDown(callRow("messages:list"), { key: "+" });
    expect(shown().end - shown().start).toBeCloseTo((whole.end - whole.start) / 2, 6);
    fireEvent.keyDown(callRow("messages:list"), { key: "-" });
    expect(shown()).toEqual(whole);
    fireEvent.keyDown(callRow("messages:list"), { key: "+" });
    fireEvent.keyDown(callRow("messages:list"), { key: "0" });
    expect(shown()).toEqual(whole);
    fireEvent.click(screen.getByRole("button", { name: "Zoom in" }));
    fireEvent.click(screen.getByRole("button", { name: "Reset zoom" }));
    expect(shown()).toEqual(whole);
  });

  it("says how much time it shows, of how much, and how many rows", () => {
    const label = () => document.querySelector(".timeline-tools .kind")?.textContent;
    // The session runs from the first call's start to the last call's end: 600,030 ms.
    expect(label()).toBe("600.03 s · 3 rows");
    act(() => store.setFilter({ kinds: ["mutation"] }));
    fireEvent.click(screen.getByRole("button", { name: "Zoom in" }));
    // The one mutation took 400 ms; zoomed in once, half of it.
    expect(label()).toContain("200 ms of 400 ms");
  });

  it("draws a retried call's attempts and its backoff wait as separate pieces at the session's scale", () => {
    const pieces = [...callRow("tasks:create").querySelectorAll("[data-piece]")];
    expect(pieces.map((p) => p.getAttribute("data-piece"))).toEqual(["attempt", "gap", "attempt"]);
  });

  it("shows only the calls the filters let through, and scales to them", () => {
    act(() => store.setFilter({ kinds: ["mutation"] }));
    expect(screen.getAllByTestId("timeline-call").map((r) => r.textContent)).toEqual([
      "mutation tasks:create",
    ]);
    expect(shown()).toEqual({ start: T0 + 300_000, end: T0 + 300_400 });
  });
});
