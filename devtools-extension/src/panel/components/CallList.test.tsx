import { act, cleanup, fireEvent, render } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { COLUMN_PREFS_KEY } from "../columnPrefs";
import { PanelStore } from "../store/panelStore";
import { wireCall, wireError } from "../store/test-support/wireItems";
import { CallList } from "./CallList";

let store: PanelStore;

function renderList() {
  return render(<CallList store={store} version={0} />);
}

function openColumnMenu(container: Element) {
  const menu = container.querySelector("details.column-menu") as HTMLDetailsElement;
  act(() => {
    menu.open = true;
    fireEvent(menu, new Event("toggle"));
  });
}

beforeEach(() => {
  localStorage.clear();
  store = new PanelStore();
  act(() =>
    store.ingest({
      session: "s1",
      items: [
        wireCall(1),
        wireCall(2, { error: wireError("MUTATION_OUTCOME_UNKNOWN"), kind: "mutation" }),
      ],
    }),
  );
});

afterEach(cleanup);

describe("the call list's columns", () => {
  it("puts the whole error code in the status cell's title, so a narrow column never hides it", () => {
    const { container } = renderList();
    const statuses = [...container.querySelectorAll('.row [data-col="status"]')];
    expect(statuses.map((cell) => cell.getAttribute("title"))).toEqual([
      "ok",
      "MUTATION_OUTCOME_UNKNOWN",
    ]);
  });

  it("hides a column from the menu and remembers it for the next panel", () => {
    const first = renderList();
    openColumnMenu(first.container);
    fireEvent.click(first.getByLabelText("Kind"));
    expect(first.container.querySelectorAll('[data-col="kind"]')).toHaveLength(0);
    expect(JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY) ?? "{}").hidden).toEqual(["kind"]);
    cleanup();

    const second = renderList();
    expect(second.container.querySelectorAll('[data-col="kind"]')).toHaveLength(0);
    expect(second.container.querySelectorAll('.row [data-col="function"]')).toHaveLength(2);
  });

  it("offers a resize handle on every column but the one that takes the rest", () => {
    const { getAllByRole } = renderList();
    expect(getAllByRole("separator").map((handle) => handle.getAttribute("aria-label"))).toEqual([
      "Resize the Kind column",
      "Resize the Function column",
      "Resize the Status column",
      "Resize the Duration column",
      "Resize the Attempts column",
      "Resize the Start column",
    ]);
  });
});

describe("the call list's empty states and badges", () => {
  it("says no call matches, with a way to clear the filters, when a filter hides every call", () => {
    act(() => store.setFilter({ text: "nothing-matches-this" }));
    const { getByTestId, getByRole } = renderList();
    expect(getByTestId("no-match").textContent).toContain("No calls match");
    act(() => {
      fireEvent.click(getByRole("button", { name: "Clear filters" }));
    });
    expect(store.filter.text).toBe("");
  });

  it("says no calls yet when the page has made none", () => {
    store = new PanelStore();
    const { getByTestId } = renderList();
    expect(getByTestId("call-list").textContent).toContain("No calls yet");
  });

  it("badges retried and fault-injected calls in the status cell", () => {
    act(() =>
      store.ingest({
        session: "s1",
        items: [wireCall(3, { attempts: 2, faultInjected: true, recovered: true })],
      }),
    );
    const { container } = renderList();
    const row = container.querySelector('[data-call-id="3"] [data-col="status"]') as HTMLElement;
    expect([...row.querySelectorAll(".badge")].map((b) => b.textContent)).toEqual([
      "retried ×1",
      "fault",
      "recovered",
    ]);
  });
});

describe("the call list across page loads", () => {
  const sessionItem = (sessionId: string, startedAt: number) => ({
    type: "session" as const,
    sessionId,
    startedAt,
    url: "http://localhost/",
    sdkVersion: "0.1.0",
    commandsAllowed: true,
    bufferSize: 2000,
    dropped: 0,
  });

  it("puts a 'page reloaded at' row between the calls of two page loads, and none within one", () => {
    const reloadedAt = new Date(2026, 0, 1, 7, 53, 10).getTime();
    act(() => {
      store.ingest({ session: "s1", items: [sessionItem("s1", reloadedAt - 60_000)] });
      store.ingest({
        session: "s2",
        items: [sessionItem("s2", reloadedAt), wireCall(1), wireCall(2)],
      });
    });
    const { container } = renderList();
    const separators = [...container.querySelectorAll('[data-testid="page-load-separator"]')];
    expect(separators.map((s) => s.textContent)).toEqual(["Page reloaded at 07:53:10"]);
    // Between the second call of the first page load and the first of the second.
    const tops = (selector: string) =>
      [...container.querySelectorAll(selector)].map((el) => (el as HTMLElement).style.top);
    expect(tops(".row")).toEqual(["0px", "22px", "66px", "88px"]);
    expect(tops('[data-testid="page-load-separator"]')).toEqual(["44px"]);
  });

  it("drops the separator when a filter hides every call before it", () => {
    act(() =>
      store.ingest({
        session: "s2",
        items: [sessionItem("s2", 5), wireCall(1, { functionPath: "tasks:move" })],
      }),
    );
    act(() => store.setFilter({ text: "tasks" }));
    const { container } = renderList();
    expect(container.querySelectorAll('[data-testid="page-load-separator"]')).toHaveLength(0);
  });
});
