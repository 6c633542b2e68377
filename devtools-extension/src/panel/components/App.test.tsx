import type { DevtoolsCommand, WireItem } from "@convex-lens/sdk/devtools-protocol";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PanelConnection } from "../panelConnection";
import { PanelStore } from "../store/panelStore";
import { wireCall, wireError } from "../store/test-support/wireItems";
import { wireSubscription, wireSubscriptions } from "../store/test-support/wireSubscriptions";
import { App, MESSAGE_MS, type TabName } from "./App";

const XSS = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = "<script>window.__pwned=2</script>";

class FakeConnection implements PanelConnection {
  readonly commands: { id: string; command: DevtoolsCommand }[] = [];
  preserveLog = false;
  cleared = 0;
  resyncs = 0;
  command(command: DevtoolsCommand): string {
    const id = `c${this.commands.length + 1}`;
    this.commands.push({ id, command });
    return id;
  }
  clear(): void {
    this.cleared++;
  }
  setPreserveLog(value: boolean): void {
    this.preserveLog = value;
  }
  resync(): void {
    this.resyncs++;
  }
  close(): void {}
}

const session: WireItem = {
  type: "session",
  sessionId: "s1",
  startedAt: 1,
  url: "http://127.0.0.1:5173/",
  sdkVersion: "0.1.0",
  commandsAllowed: true,
  bufferSize: 2000,
  dropped: 0,
};

let store: PanelStore;
let connection: FakeConnection;

function ingest(items: WireItem[], sessionId = "s1") {
  act(() => store.ingest({ session: sessionId, items }));
}

function renderApp(initialTab: TabName = "Calls") {
  return render(
    <App
      store={store}
      connection={connection}
      initialTab={initialTab}
      now={() => 1_700_000_000_000}
    />,
  );
}

beforeEach(() => {
  store = new PanelStore({ schedule: (fn) => fn() });
  connection = new FakeConnection();
  store.backgroundConnected = true;
  store.pageConnected = true;
});

afterEach(() => {
  cleanup();
  delete (window as { __pwned?: unknown }).__pwned;
});

function rows(): HTMLElement[] {
  return within(screen.getByTestId("call-list")).queryAllByRole("option");
}

function cell(row: HTMLElement, column: string): string {
  return row.querySelector(`[data-col="${column}"]`)?.textContent ?? "";
}

describe("the calls view", () => {
  it("lists calls with their kind, function, status, duration and attempts", () => {
    renderApp();
    ingest([
      session,
      wireCall(1, { functionPath: "messages:list", durationMs: 12.34 }),
      wireCall(2, {
        functionPath: "messages:send",
        kind: "mutation",
        attempts: 3,
        error: wireError("SERVER_ERROR"),
      }),
    ]);
    const [first, second] = rows();
    expect([
      cell(first as HTMLElement, "kind"),
      cell(first as HTMLElement, "function"),
      cell(first as HTMLElement, "status"),
    ]).toEqual(["query", "messages:list", "ok"]);
    expect(cell(first as HTMLElement, "duration")).toBe("12.3 ms");
    expect([
      cell(second as HTMLElement, "kind"),
      cell(second as HTMLElement, "status"),
      cell(second as HTMLElement, "attempts"),
    ]).toEqual(["mutation", "SERVER_ERRORretried ×2", "3"]);
  });

  it("renders only the rows on screen, even with 100,000 calls", () => {
    for (let i = 0; i < 100; i++) {
      store.ingest({
        session: "s",
        items: Array.from({ length: 1_000 }, (_, j) => wireCall(i * 1_000 + j + 1)),
      });
    }
    renderApp();
    expect(store.calls.size).toBe(100_000);
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(100);
    expect(screen.getByText(/100,000 of 100,000 calls/)).toBeTruthy();
  });

  it("shows a call's detail: error code, user and developer messages, request id, attempts and log lines", () => {
    renderApp();
    ingest([
      wireCall(1, {
        kind: "mutation",
        functionPath: "messages:send",
        name: "mutation messages:send",
        attempts: 2,
        attemptDetails: [
          {
            attempt: 1,
            startedAt: 1_700_000_000_010,
            durationMs: 3,
            error: { code: "SERVER_ERROR", message: "first try" },
          },
          {
            attempt: 2,
            startedAt: 1_700_000_000_060,
            durationMs: 4,
            error: { code: "SERVER_ERROR", message: "second try" },
          },
        ],
        events: [
          {
            name: "convex.retry",
            at: 1_700_000_000_013,
            attributes: { "convex.retry.delay_ms": 47 },
          },
          {
            name: "convex.log",
            at: 1_700_000_000_062,
            attributes: { level: "error", text: "quota exceeded" },
          },
        ],
        error: wireError("SERVER_ERROR", {
          message: "[Request ID: r-9] Server Error",
          userMessage: "Something went wrong on our side. Please try again.",
          requestId: "r-9",
        }),
        argsPreview: '{"body":"hi","token":"[REDACTED]"}',
      }),
    ]);
    fireEvent.click(rows()[0] as HTMLElement);
    const detail = screen.getByTestId("call-detail");
    const error = within(detail).getByTestId("call-error");
    expect(error.textContent).toContain("SERVER_ERROR");
    expect(error.textContent).toContain("Something went wrong on our side. Please try again.");
    expect(error.textContent).toContain("[Request ID: r-9] Server Error");
    expect(error.textContent).toContain("r-9");
    const attempts = within(detail).getByTestId("attempts");
    expect(attempts.textContent).toContain("first try");
    expect(attempts.textContent).toContain("second try");
    expect(within(detail).getByTestId("events").textContent).toContain("[ERROR] quota exceeded");
    expect(detail.textContent).toContain('{"body":"hi","token":"[REDACTED]"}');
  });

  it("copies a call as JSON", async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderApp();
    ingest([wireCall(1, { functionPath: "tasks:move" })]);
    fireEvent.click(rows()[0] as HTMLElement);
    await act(async () => {
      fireEvent.click(screen.getByText("Copy as JSON"));
    });
    const json = JSON.parse(writeText.mock.calls[0]?.[0] ?? "null");
    expect(json).toMatchObject({ functionPath: "tasks:move", seq: 1, session: "s1" });
    expect(json.haystack).toBeUndefined();
    expect(await screen.findByText("Copied")).toBeTruthy();
  });

  it("renders hostile function names, messages, attributes and log lines as text", () => {
    renderApp();
    ingest([
      wireCall(1, {
        functionPath: XSS,
        name: SCRIPT,
        events: [
          { name: "convex.log", at: 1, attributes: { level: "log", text: SCRIPT } },
          { name: XSS, at: 2, attributes: { [XSS]: "javascript:alert(1)" } },
        ],
        error: wireError(XSS, { message: SCRIPT, userMessage: XSS, requestId: XSS }),
        argsPreview: XSS,
      }),
    ]);
    fireEvent.click(rows()[0] as HTMLElement);
    const app = document.body;
    expect(app.querySelectorAll("img, script, iframe, object, embed").length).toBe(0);
    expect(app.querySelectorAll("a[href]").length).toBe(0);
    expect(app.textContent).toContain(XSS);
    expect(app.textContent).toContain(SCRIPT);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("lists unattributed server log lines under the calls, as text, with hidden characters escaped in the path", () => {
    renderApp();
    expect(screen.queryByText(/Unattributed log lines/)).toBeNull();
    ingest([
      {
        type: "unattributedLog",
        seq: 1,
        at: 1,
        kind: "mutation",
        functionPath: "tasks:\u202Ecreate",
        level: "LOG",
        text: SCRIPT,
      },
    ]);
    const section = screen.getByText(/Unattributed log lines \(1\)/).closest("details");
    expect(section).not.toBeNull();
    expect(section?.textContent).toContain(SCRIPT);
    expect(section?.textContent).toContain("\\u202E");
    expect(section?.querySelectorAll("img, script").length).toBe(0);
    expect(rows()).toHaveLength(0);
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("explains a page whose bridge is off, and how to turn it on, instead of waiting", () => {
    store.bridgeOff = true;
    renderApp();
    expect(document.body.textContent).toContain("DevTools bridge off");
    expect(document.body.textContent).toContain("createLens({ devtools: true })");
    expect(document.body.textContent).not.toContain("Waiting for a page");
    // The instruction has a row of its own, not the status's one line cut at the window's edge.
    expect(screen.getByTestId("bridge-off").textContent).toContain(
      "createLens({ devtools: true })",
    );
    expect(screen.getByTestId("connection-status").textContent).toBe("DevTools bridge off");
    ingest([session]);
    expect(screen.queryByTestId("bridge-off")).toBeNull();
  });

  it("moves the selection with the keyboard and closes the detail with Escape", () => {
    renderApp();
    ingest([
      wireCall(1, { functionPath: "a:one" }),
      wireCall(2, { functionPath: "a:two" }),
      wireCall(3, { functionPath: "a:three" }),
    ]);
    const list = screen.getByTestId("call-list");
    list.focus();
    fireEvent.keyDown(list, { key: "ArrowDown" });
    expect(store.selected()?.functionPath).toBe("a:three");
    fireEvent.keyDown(list, { key: "ArrowUp" });
    expect(store.selected()?.functionPath).toBe("a:two");
    fireEvent.keyDown(list, { key: "Home" });
    expect(store.selected()?.functionPath).toBe("a:one");
    expect(screen.getByTestId("call-detail")).toBeTruthy();
    fireEvent.keyDown(list, { key: "Escape" });
    expect(screen.queryByTestId("call-detail")).toBeNull();
  });

  it("says in the open detail when the filters now hide its call", () => {
    renderApp();
    ingest([wireCall(1, { functionPath: "messages:send" }), wireCall(2, { functionPath: "a:b" })]);
    fireEvent.click(rows()[0] as HTMLElement);
    expect(screen.queryByTestId("detail-filtered-out")).toBeNull();
    fireEvent.input(screen.getByLabelText("Filter calls by text"), { target: { value: "a:b" } });
    expect(screen.getByTestId("call-detail").textContent).toContain("messages:send");
    expect(screen.getByTestId("detail-filtered-out").textContent).toMatch(/filters hide this call/);
    fireEvent.input(screen.getByLabelText("Filter calls by text"), { target: { value: "" } });
    expect(screen.queryByTestId("detail-filtered-out")).toBeNull();
  });

  it("filters by text, kind and status from the filter bar, and focuses it with /", () => {
    renderApp();
    ingest([
      wireCall(1, { functionPath: "messages:list" }),
      wireCall(2, {
        functionPath: "messages:send",
        kind: "mutation",
        error: wireError("CONFLICT"),
      }),
      wireCall(3, { functionPath: "tasks:move", kind: "mutation" }),
    ]);
    fireEvent.click(screen.getByRole("button", { name: "mutation" }));
    expect(rows().map((r) => cell(r, "function"))).toEqual(["messages:send", "tasks:move"]);
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "error" } });
    expect(rows().map((r) => cell(r, "function"))).toEqual(["messages:send"]);
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "all" } });
    fireEvent.click(screen.getByRole("button", { name: "mutation" }));
    fireEvent.input(screen.getByLabelText("Filter calls by text"), { target: { value: "TASKS" } });
    expect(rows().map((r) => cell(r, "function"))).toEqual(["tasks:move"]);
  });

  it("pauses the live list and resumes it", () => {
    renderApp();
    ingest([wireCall(1)]);
    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    ingest([wireCall(2), wireCall(3)]);
    expect(rows()).toHaveLength(1);
    expect(screen.getByText(/paused, 2 new/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    expect(rows()).toHaveLength(3);
  });

  it("clears through the connection", () => {
    renderApp();
    fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(connection.cleared).toBe(1);
  });
});

describe("the other views", () => {
  it("switches tabs with the arrow keys", () => {
    renderApp();
    const calls = screen.getByRole("tab", { name: /Calls/ });
    fireEvent.keyDown(calls, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: /Subscriptions/ }).getAttribute("aria-selected")).toBe(
      "true",
    );
    fireEvent.keyDown(screen.getByRole("tab", { name: /Subscriptions/ }), { key: "ArrowLeft" });
    fireEvent.keyDown(screen.getByRole("tab", { name: /Calls/ }), { key: "ArrowLeft" });
    expect(screen.getByRole("tab", { name: /Faults/ }).getAttribute("aria-selected")).toBe("true");
  });

  it("counts on the Subscriptions tab what the page has, not only what it sent", () => {
    renderApp();
    expect(screen.getByRole("tab", { name: /Subscriptions/ }).textContent).toBe("Subscriptions");
    ingest([
      session,
      { ...wireSubscriptions([wireSubscription(1), wireSubscription(2)]), total: 2_500 },
    ]);
    expect(screen.getByRole("tab", { name: /Subscriptions/ }).textContent).toBe(
      "Subscriptions (2,500)",
    );
  });

  it("groups errors and jumps to the calls of a group", () => {
    ingest([
      wireCall(1, {
        functionPath: "tasks:move",
        error: wireError("CONFLICT", { requestId: "r-1" }),
      }),
      wireCall(2, { functionPath: "tasks:move", error: wireError("CONFLICT") }),
      wireCall(3, { functionPath: "tasks:move" }),
      wireCall(4, { functionPath: "boards:get", error: wireError("NOT_FOUND") }),
    ]);
    renderApp("Errors");
    const table = screen.getByTestId("error-groups");
    const conflict = within(table).getByText("CONFLICT").closest("tr") as HTMLElement;
    expect(within(conflict).getByText("2")).toBeTruthy();
    fireEvent.click(within(conflict).getByRole("button", { name: "Show calls" }));
    expect(screen.getByRole("tab", { name: /Calls/ }).getAttribute("aria-selected")).toBe("true");
    expect(rows().map((r) => cell(r, "status"))).toEqual(["CONFLICT", "CONFLICT"]);
  });

  it("trips and resets a breaker through a command, and shows the answer", () => {
    ingest([
      session,
      {
        type: "breakers",
        at: 1,
        breakers: [
          {
            scope: "messages:send",
            state: "closed",
            failures: 0,
            calls: 4,
            slowCalls: 0,
            isolated: false,
            halfOpenInFlight: 0,
          },
        ],
      },
    ]);
    renderApp("Breakers");
    // Columns sized by a colgroup under a fixed layout: a new row cannot move them.
    expect(screen.getByTestId("breakers").classList.contains("fixed")).toBe(true);
    expect(screen.getByTestId("breakers").querySelectorAll("col")).toHaveLength(7);
    const row = screen
      .getByTestId("breakers")
      .querySelector('[data-scope="messages:send"]') as HTMLElement;
    fireEvent.click(within(row).getByRole("button", { name: "Trip" }));
    expect(connection.commands.at(-1)?.command).toEqual({
      name: "isolateBreaker",
      scope: "messages:send",
    });
    expect(screen.getByTestId("toolbar-message").textContent).toBe("Trip breaker messages:send…");
    ingest([{ type: "result", id: "c1", ok: true }]);
    expect(screen.getByTestId("toolbar-message").textContent).toBe(
      "Trip breaker messages:send: done",
    );
    expect((within(row).getByRole("button", { name: "Reset" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    ingest([
      {
        type: "breakers",
        at: 2,
        breakers: [
          {
            scope: "messages:send",
            state: "open",
            failures: 0,
            calls: 4,
            slowCalls: 0,
            isolated: true,
            halfOpenInFlight: 0,
          },
        ],
      },
    ]);
    const tripped = screen
      .getByTestId("breakers")
      .querySelector('[data-scope="messages:send"]') as HTMLElement;
    expect(
      (within(tripped).getByRole("button", { name: "Trip" }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(within(tripped).getByRole("button", { name: "Reset" }));
    expect(connection.commands.at(-1)?.command).toEqual({
      name: "resetBreaker",
      scope: "messages:send",
    });
  });

  it("says next to a mutation's open breaker that its mutations are still sent, and what the window figures count", () => {
    ingest([
      session,
      wireCall(1, { functionPath: "messages:send", kind: "mutation" }),
      wireCall(2, { functionPath: "messages:list" }),
      {
        type: "breakers",
        at: 2,
        breakers: ["messages:send", "messages:list"].map((scope) => ({
          scope,
          state: "open" as const,
          failures: 0,
          calls: 1,
          slowCalls: 0,
          isolated: true,
          halfOpenInFlight: 0,
        })),
      },
    ]);
    renderApp("Breakers");
    const table = screen.getByTestId("breakers");
    const note = table.querySelector('[data-note-for="messages:send"]');
    expect(note?.textContent).toMatch(/mutations are still sent.*breaker\.failFast/);
    // A query's open breaker refuses queries, as "open" says: no note.
    expect(table.querySelector('[data-note-for="messages:list"]')).toBeNull();
    const row = table.querySelector('[data-scope="messages:send"]') as HTMLElement;
    expect(row.textContent).toContain("open by hand");
    const heading = screen.getByTestId("breaker-window-heading");
    // "answers", not "calls": a subscription's updates count, so one listed query read "0 / 17".
    expect(heading.textContent).toBe("Failures / answers (window)");
    expect(heading.title).toMatch(
      /sliding window.*not the calls list.*subscription result or update/,
    );
  });

  it("clears the answer to a command a few seconds after it came, but not while it is awaited", () => {
    vi.useFakeTimers();
    try {
      ingest([session]);
      renderApp("Faults");
      fireEvent.click(screen.getByRole("button", { name: "Apply" }));
      const message = () => screen.queryByTestId("toolbar-message")?.textContent ?? null;
      expect(message()).toBe("Apply faults (no faults set)…");
      act(() => {
        vi.advanceTimersByTime(MESSAGE_MS * 2);
      });
      expect(message()).toBe("Apply faults (no faults set)…");
      ingest([{ type: "result", id: "c1", ok: true }]);
      expect(message()).toBe("Apply faults (no faults set): done");
      act(() => {
        vi.advanceTimersByTime(MESSAGE_MS);
      });
      expect(message()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("disables commands, saying why, when the page does not accept them", () => {
    ingest([{ ...session, commandsAllowed: false } as WireItem]);
    renderApp("Faults");
    const offline = screen.getByRole("button", { name: "Go offline" }) as HTMLButtonElement;
    expect(offline.disabled).toBe(true);
    expect(offline.title).toMatch(/does not accept commands/);
  });

  it("shows the page's faults in plain words and fills the form with them, following each change", () => {
    ingest([
      session,
      {
        type: "faults",
        at: 5,
        config: { errorRate: 0.3, error: "overloaded", functions: "messages:*", latencyMs: 200 },
      },
    ]);
    renderApp("Faults");
    expect(screen.getByTestId("current-faults").textContent).toBe(
      "Overloaded errors on 30 % of messages:* calls, +200 ms latency",
    );
    const rate = () => (screen.getByLabelText("Error rate (%)") as HTMLInputElement).value;
    const pattern = () => (screen.getByLabelText("Only functions") as HTMLInputElement).value;
    expect([rate(), pattern()]).toEqual(["30", "messages:*"]);
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(connection.commands.at(-1)?.command).toMatchObject({
      faults: { errorRate: 0.3, functions: "messages:*", latencyMs: 200 },
    });
    // The page's own controls change the pattern: the panel follows.
    ingest([{ type: "faults", at: 6, config: { errorRate: 0.5, functions: "tasks:*" } }]);
    expect([rate(), pattern()]).toEqual(["50", "tasks:*"]);
  });

  it("sets faults from the form, goes offline, and refuses a bad value", () => {
    ingest([session]);
    renderApp("Faults");
    fireEvent.input(screen.getByLabelText("Added latency (ms)"), { target: { value: "300" } });
    fireEvent.input(screen.getByLabelText("Error rate (%)"), { target: { value: "30" } });
    fireEvent.input(screen.getByLabelText("Only functions"), { target: { value: "messages:*" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(connection.commands.at(-1)?.command).toEqual({
      name: "setFaults",
      faults: {
        latencyMs: 300,
        errorRate: 0.3,
        error: "overloaded",
        functions: "messages:*",
        offline: false,
      },
    });
    fireEvent.change(screen.getByLabelText("Error kind"), { target: { value: "bug" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(connection.commands.at(-1)?.command).toMatchObject({ faults: { error: "bug" } });
    fireEvent.click(screen.getByRole("button", { name: "Go offline" }));
    expect(connection.commands.at(-1)?.command).toEqual({ name: "setOffline", offline: true });
    fireEvent.input(screen.getByLabelText("Error rate (%)"), { target: { value: "250" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(screen.getByRole("alert").textContent).toMatch(
      /Error rate must be a number from 0 to 100/,
    );
    expect(connection.commands).toHaveLength(3);
  });

  it("never lets the tab label, the status and the checks disagree while a change is pending", () => {
    ingest([
      {
        type: "health",
        status: "healthy",
        at: 10,
        checks: [
          {
            name: "query_latency",
            status: "degraded",
            value: 150,
            threshold: 100,
            message: "Average query latency 150 ms is above 100 ms.",
          },
        ],
      },
    ]);
    renderApp("Health");
    expect(screen.getByRole("tab", { name: /Health/ }).textContent).toContain(
      "Health (healthy → degraded)",
    );
    expect(screen.getByTestId("health-pending").textContent).toMatch(/checks point to degraded/);
  });

  it("labels what the panel shows after a reload and keeps breakers from the earlier page load", () => {
    const session = (sessionId: string, startedAt: number) => ({
      type: "session" as const,
      sessionId,
      startedAt,
      url: "http://localhost/",
      sdkVersion: "0.1.0",
      commandsAllowed: true,
      bufferSize: 2000,
      dropped: 0,
    });
    ingest(
      [
        session("old", 1),
        wireCall(1),
        wireCall(2),
        wireCall(3),
        {
          type: "breaker",
          seq: 4,
          scope: "ai:suggest",
          from: "closed",
          to: "open",
          reason: "5 failures",
          at: 5,
        },
      ],
      "old",
    );
    ingest(
      [
        session("new", 100),
        wireCall(1),
        {
          type: "metrics",
          at: 110,
          functions: [
            {
              functionPath: "messages:list",
              kind: "query",
              count: 1,
              errors: 0,
              errorRate: 0,
              mean: 10,
              p50: 10,
              p95: 10,
              p99: 10,
            },
          ],
        },
        { type: "breakers", at: 110, breakers: [] },
      ],
      "new",
    );
    renderApp("Health");
    const caption = screen.getByTestId("function-table-caption").textContent ?? "";
    expect(caption).toMatch(/this page load/);
    expect(caption).toMatch(/3 calls from earlier page loads/);
    expect(caption).not.toMatch(/whole session/);
    fireEvent.click(screen.getByRole("tab", { name: /Breakers/ }));
    expect(screen.getByTestId("earlier-breakers").textContent).toContain("ai:suggest");
    expect(screen.getByTestId("earlier-breakers").textContent).toContain("open");
  });

  it("shows health checks against their thresholds, the connection, charts and functions", () => {
    ingest([
      {
        type: "health",
        status: "degraded",
        at: 10,
        checks: [
          {
            name: "error_rate",
            status: "degraded",
            value: 0.03,
            threshold: 0.01,
            message: "3% of calls failed",
          },
          {
            name: "query_latency",
            status: "healthy",
            value: 42,
            threshold: 100,
            message: "p95 within budget",
          },
        ],
      },
      { type: "connection", at: 10, online: true, connected: false },
      wireCall(1, { durationMs: 10 }),
      wireCall(2, { durationMs: 20, error: wireError("TIMEOUT") }),
    ]);
    renderApp("Health");
    expect(screen.getByTestId("health-status").textContent).toMatch(
      /degraded.*WebSocket disconnected/,
    );
    const checks = screen.getByTestId("health-checks");
    expect(checks.textContent).toContain("3.0%");
    expect(checks.textContent).toContain("1.0%");
    expect(checks.textContent).toContain("3% of calls failed");
    expect(checks.textContent).toContain("42.0 ms");
    expect(document.querySelectorAll("svg").length).toBe(2);
    expect(screen.getByTestId("function-table").textContent).toContain("messages:list");
    expect(screen.getByTestId("function-table").textContent).toContain("50%");
  });

  it("says when the page's lens has no health module, and how to add it, until a report arrives", () => {
    ingest([session, wireCall(1)]);
    renderApp("Health");
    expect(screen.getByTestId("health-missing").textContent).toContain(
      "createLens({ use: [metrics(), health()] })",
    );
    ingest([{ type: "health", status: "healthy", at: 10, checks: [] }]);
    expect(screen.queryByTestId("health-missing")).toBeNull();
    expect(screen.getByTestId("health-status").textContent).toContain("healthy");
  });

  it("draws calls and the page's other spans on one timeline", () => {
    ingest([
      wireCall(1, {
        attempts: 2,
        durationMs: 100,
        attemptDetails: [
          {
            attempt: 1,
            startedAt: 1_700_000_000_010,
            durationMs: 10,
            error: { code: "TIMEOUT", message: "t" },
          },
          { attempt: 2, startedAt: 1_700_000_000_080, durationMs: 30, error: null },
        ],
      }),
      {
        type: "span",
        seq: 2,
        traceId: "t",
        spanId: "s",
        name: "GET /avatar.png",
        spanKind: "client",
        startedAt: 1_700_000_000_020,
        durationMs: 5,
        status: "ok",
        attributes: {},
        events: [],
      },
    ]);
    renderApp("Timeline");
    const timeline = screen.getByTestId("timeline");
    expect(timeline.textContent).toContain("GET /avatar.png");
    expect(timeline.querySelectorAll(".bar-gap").length).toBeGreaterThanOrEqual(1);
    expect(timeline.querySelectorAll(".bar-seg.attempt-error").length).toBe(1);
  });
});

describe("against a page that tries to pass for another", () => {
  const RLO_NAME = "payments:\u202Erefsnart";
  const ZWSP_NAME = "payments:trans\u200Bfer";

  it("shows bidi and zero-width characters in names and codes as escapes, everywhere they appear", () => {
    renderApp();
    ingest([
      wireCall(1, { functionPath: RLO_NAME, name: `mutation ${RLO_NAME}` }),
      wireCall(2, { functionPath: ZWSP_NAME, error: wireError("SERVER\u2067_ERROR") }),
      {
        type: "breakers",
        at: 1,
        breakers: [
          {
            scope: ZWSP_NAME,
            state: "open",
            failures: 1,
            calls: 1,
            slowCalls: 0,
            isolated: false,
            halfOpenInFlight: 0,
          },
        ],
      },
    ]);
    expect(rows().map((row) => cell(row, "function"))).toEqual([
      "payments:\\u202Erefsnart",
      "payments:trans\\u200Bfer",
    ]);
    expect(cell(rows()[1] as HTMLElement, "status")).toBe("SERVER\\u2067_ERROR");
    fireEvent.click(rows()[0] as HTMLElement);
    expect(screen.getByTestId("call-detail").textContent).toContain("payments:\\u202Erefsnart");
    fireEvent.click(screen.getByRole("tab", { name: /Errors/ }));
    expect(document.body.textContent).toContain("SERVER\\u2067_ERROR");
    expect(document.body.textContent).not.toContain("\u200B");
    fireEvent.click(screen.getByRole("tab", { name: /Breakers/ }));
    expect(screen.getByTestId("breakers").textContent).toContain("payments:trans\\u200Bfer");
    for (const hidden of ["\u202E", "\u200B", "\u2067"]) {
      expect(document.body.textContent).not.toContain(hidden);
    }
  });

  it("labels calls kept from another origin with it, and names the page by its real origin", () => {
    renderApp();
    act(() =>
      store.ingest({
        session: "app",
        origin: "https://bank.example",
        items: [{ ...session, sessionId: "app", url: "https://bank.example/" }, wireCall(1)],
      }),
    );
    act(() =>
      store.ingest({
        session: "evil",
        origin: "https://evil.example",
        items: [
          { ...session, sessionId: "evil", url: "https://bank.example/account" },
          wireCall(1, { functionPath: "payments:transfer" }),
        ],
      }),
    );
    expect(rows().map((row) => cell(row, "function"))).toEqual([
      "https://bank.example messages:list",
      "payments:transfer",
    ]);
    const status = screen.getByTestId("connection-status").textContent ?? "";
    expect(status).toContain("https://evil.example");
    expect(status).not.toContain("bank.example");
  });

  it("exports URLs without their query string and fragment unless Full URLs is ticked", async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return "blob:test";
    });
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    renderApp();
    ingest([{ ...session, url: "https://app.example/board?invite=abc#access_token=xyz" }]);
    ingest([wireCall(1)]);
    fireEvent.click(screen.getByRole("button", { name: "Export" }));
    fireEvent.click(screen.getByRole("checkbox", { name: /Full URLs/ }));
    fireEvent.click(screen.getByRole("button", { name: "Export" }));
    const [plain, full] = await Promise.all(blobs.map((blob) => blob.text()));
    expect(plain).toContain('"https://app.example/board"');
    expect(plain).not.toContain("access_token");
    expect(full).toContain("https://app.example/board?invite=abc#access_token=xyz");
    vi.restoreAllMocks();
  });
});
