import type { WireItem } from "@convex-lens/sdk/devtools-protocol";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PanelStore } from "../store/panelStore";
import { wireSubscription, wireSubscriptions } from "../store/test-support/wireSubscriptions";
import { useStore } from "../useStore";
import { SubscriptionsView } from "./SubscriptionsView";

const XSS = '<img src=x onerror="window.__pwned=1">';

let store: PanelStore;

function Live() {
  useStore(store);
  return <SubscriptionsView store={store} />;
}

function ingest(items: WireItem[]) {
  act(() => store.ingest({ session: "s1", items }));
}

const rows = () => screen.queryAllByRole("option");

beforeEach(() => {
  store = new PanelStore({ schedule: (fn) => fn() });
});
afterEach(cleanup);

describe("the Subscriptions view", () => {
  it("lists each live subscription with its state, function, first result time and updates", () => {
    render(<Live />);
    ingest([
      wireSubscriptions([
        wireSubscription(1, { args: '{"channel":"general"}', updates: 7 }),
        wireSubscription(2, { state: "paused", functionPath: "users:me" }),
      ]),
      // The browser is offline: that is why the second one is paused.
      { type: "connection", at: 1, online: false, connected: false },
    ]);
    const [first, second] = rows();
    expect(first?.textContent).toContain("live");
    expect(first?.textContent).toContain("messages:list");
    expect(first?.textContent).toContain('{"channel":"general"}');
    expect(first?.textContent).toContain("40.0 ms (12.0 ms connect + 28.0 ms function)");
    expect(first?.textContent).toContain("7");
    expect(second?.textContent).toContain("paused (offline)");
    expect(second?.textContent).toContain("not captured");
    expect(screen.getByTestId("subscriptions-summary").textContent).toContain(
      "2 live subscriptions",
    );
  });

  it("shows the selected subscription's detail: how to capture args, its result, logs and history", () => {
    render(<Live />);
    ingest([
      wireSubscriptions([
        wireSubscription(1, {
          result: "[3 items]",
          logs: ["[LOG] 'listed 3'"],
          page: { numItems: 10, first: true },
          history: [
            { at: 1, event: "firstResult" },
            { at: 2, event: "failure", code: "NETWORK" },
            { at: 3, event: "recovery" },
          ],
        }),
      ]),
    ]);
    fireEvent.click(rows()[0] as HTMLElement);
    const detail = screen.getByTestId("subscription-detail");
    expect(detail.textContent).toContain("createLens({ capture: { args: true } })");
    expect(detail.textContent).toContain("[3 items]");
    expect(detail.textContent).toContain("first page of a paginated query, 10 items requested");
    expect(screen.getByTestId("subscription-logs").textContent).toBe("[LOG] 'listed 3'");
    const history = screen.getByTestId("subscription-history").textContent ?? "";
    expect(history).toContain("first result");
    expect(history).toContain("failure (NETWORK)");
    expect(history).toContain("recovered");
  });

  it("lists a paginated query's pages together, first page first, and selects one on click", () => {
    render(<Live />);
    ingest([
      wireSubscriptions([
        wireSubscription(1, { page: { numItems: 10, first: false }, updates: 2 }),
        wireSubscription(2, { functionPath: "users:me" }),
        wireSubscription(3, { page: { numItems: 10, first: true }, state: "loading" }),
      ]),
    ]);
    fireEvent.click(rows()[0] as HTMLElement);
    const pages = screen.getByTestId("subscription-pages");
    const items = [...pages.querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain("first page, 10 items");
    expect(items[1]).toContain("page, 10 items");
    expect(items[1]).toContain("2 updates");
    expect(pages.querySelector('[aria-current="true"]')?.textContent).toBe(items[1]);
    fireEvent.click(pages.querySelectorAll("button")[0] as HTMLElement);
    expect(
      screen.getByTestId("subscription-pages").querySelector('[aria-current="true"]')?.textContent,
    ).toContain("first page");
  });

  it("shows no page list for a query that is not paginated", () => {
    render(<Live />);
    ingest([wireSubscriptions([wireSubscription(1), wireSubscription(2)])]);
    fireEvent.click(rows()[0] as HTMLElement);
    expect(screen.queryByTestId("subscription-pages")).toBeNull();
  });

  it("renders text from the page as text, never as markup, and shows hidden characters in names", () => {
    render(<Live />);
    ingest([
      wireSubscriptions([
        wireSubscription(1, { functionPath: "a:\u202Eb", args: XSS, result: XSS, logs: [XSS] }),
      ]),
    ]);
    fireEvent.click(rows()[0] as HTMLElement);
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getByTestId("subscription-detail").textContent).toContain("a:\\u202Eb");
  });

  it("says when the page had more subscriptions than it sent", () => {
    render(<Live />);
    ingest([{ ...wireSubscriptions([wireSubscription(1)]), total: 2_500 }]);
    expect(screen.getByTestId("subscriptions-summary").textContent).toContain("the page has 2,500");
  });

  // Windowing is the behaviour held here; render time is a benchmark's question (a timed assertion
  // here failed under load on 2 cores).
  it("stays windowed with 1,000 subscriptions: few rows in the DOM, before and after an update", () => {
    render(<Live />);
    const many = Array.from({ length: 1_000 }, (_, i) =>
      wireSubscription(i, { args: `{"n":${i}}`, logs: ["[LOG] line"] }),
    );
    ingest([wireSubscriptions(many)]);
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(100);
    expect(rows()[0]?.getAttribute("aria-setsize")).toBe("1000");
    // A new snapshot of the same thousand (an update) stays windowed.
    ingest([
      wireSubscriptions(
        many.map((s) => ({ ...s, updates: s.updates + 1 })),
        1_800_000_000_000,
      ),
    ]);
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(100);
    expect(rows()[0]?.getAttribute("aria-setsize")).toBe("1000");
  });

  it("moves the selection with the arrow keys and clears it with Escape", () => {
    render(<Live />);
    ingest([wireSubscriptions([wireSubscription(1), wireSubscription(2)])]);
    const list = screen.getByTestId("subscription-list");
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: "ArrowDown" });
    expect(store.subscriptions.selectedId).toBe("s2");
    fireEvent.keyDown(list, { key: "Escape" });
    expect(store.subscriptions.selectedId).toBeNull();
  });

  it("says why a subscription is paused as the page sent it, even before any connection item", () => {
    render(<Live />);
    ingest([
      wireSubscriptions([
        wireSubscription(1, { state: "paused", pausedBy: "disconnected" }),
        wireSubscription(2, { state: "paused", pausedBy: "offline", functionPath: "users:me" }),
      ]),
    ]);
    expect(rows()[0]?.textContent).toContain("paused (disconnected)");
    expect(rows()[1]?.textContent).toContain("paused (offline)");
  });

  it("says a subscription is paused because the socket is down, not offline, while the browser is online", () => {
    render(<Live />);
    ingest([
      wireSubscriptions([wireSubscription(1, { state: "paused" })]),
      { type: "connection", at: 1, online: true, connected: false },
    ]);
    expect(rows()[0]?.textContent).toContain("paused (disconnected)");
    expect(rows()[0]?.textContent).not.toContain("offline");
  });
});
