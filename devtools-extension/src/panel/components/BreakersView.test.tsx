import type {
  DevtoolsCommand,
  WireBreakerSnapshot,
  WireItem,
} from "@convex-lens/sdk/devtools-protocol";
import { act, cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PanelConnection } from "../panelConnection";
import { PanelStore } from "../store/panelStore";
import { wireCall } from "../store/test-support/wireItems";
import { useStore } from "../useStore";
import { BreakersView } from "./BreakersView";

const connection: PanelConnection = {
  preserveLog: false,
  command: (_command: DevtoolsCommand) => "c1",
  clear: () => {},
  setPreserveLog: () => {},
  resync: () => {},
  close: () => {},
};

let store: PanelStore;

function Live() {
  useStore(store);
  return <BreakersView store={store} connection={connection} now={() => 1_000} />;
}

function ingest(items: WireItem[]) {
  act(() => store.ingest({ session: "s1", items }));
}

function openBreaker(scope: string, extra: Partial<WireBreakerSnapshot> = {}) {
  return {
    scope,
    state: "open" as const,
    failures: 3,
    calls: 4,
    slowCalls: 0,
    isolated: false,
    halfOpenInFlight: 0,
    ...extra,
  };
}

const calls = [
  wireCall(1, { functionPath: "messages:send", kind: "mutation" }),
  wireCall(2, { functionPath: "messages:list" }),
];
const note = (scope: string) =>
  screen.getByTestId("breakers").querySelector(`[data-note-for="${scope}"]`)?.textContent ?? null;
const windowTitle = (scope: string) =>
  screen
    .getByTestId("breakers")
    .querySelector<HTMLElement>(`[data-scope="${scope}"] td:nth-child(3)`)?.title ?? null;

beforeEach(() => {
  store = new PanelStore({ schedule: (fn) => fn() });
});
afterEach(cleanup);

describe("the Breakers view", () => {
  it("states the page's failFast and window for each breaker when the page sends them", () => {
    render(<Live />);
    ingest([
      ...calls,
      {
        type: "breakers",
        at: 2,
        breakers: [
          openBreaker("messages:send", {
            windowMs: 10_000,
            refuses: { query: true, mutation: true, action: true },
          }),
          openBreaker("messages:list", {
            windowMs: 10_000,
            refuses: { query: false, mutation: false, action: false },
          }),
        ],
      },
    ]);
    // failFast on for the mutation: it is refused, as "open" says.
    expect(note("messages:send")).toBeNull();
    expect(note("messages:list")).toBe(
      "Open, but queries are still sent: while open, this breaker refuses nothing (the page's breaker.failFast).",
    );
    expect(windowTitle("messages:send")).toContain("breaker.windowMs: 10 s on this page");
    expect(screen.getByTestId("breaker-window-heading").title).toContain(
      "breaker.windowMs: 10 s on this page",
    );
  });

  it("states the defaults for an older page that sends neither", () => {
    render(<Live />);
    ingest([
      ...calls,
      {
        type: "breakers",
        at: 2,
        breakers: [openBreaker("messages:send"), openBreaker("messages:list")],
      },
    ]);
    expect(note("messages:send")).toBe(
      "Open, but mutations are still sent: an open breaker refuses writes only with breaker.failFast (off for writes by default).",
    );
    expect(note("messages:list")).toBeNull();
    expect(windowTitle("messages:send")).toContain("breaker.windowMs, 30 s by default");
    expect(screen.getByTestId("breaker-window-heading").title).toContain(
      "breaker.windowMs, 30 s by default",
    );
  });
});
