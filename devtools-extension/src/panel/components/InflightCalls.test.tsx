import type { WireInflightCall, WireItem } from "@convex-lens/sdk/devtools-protocol";
import { act, cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PanelConnection } from "../panelConnection";
import { PanelStore } from "../store/panelStore";
import { wireCall } from "../store/test-support/wireItems";
import { useStore } from "../useStore";
import { CallsView } from "./CallsView";
import { elapsedLabel } from "./InflightCalls";
import { Toolbar } from "./Toolbar";

const T0 = 1_700_000_000_000;
const XSS = '<img src=x onerror="window.__pwned=1">';
const session: WireItem = {
  type: "session",
  sessionId: "s1",
  startedAt: T0,
  url: "http://127.0.0.1:5173/",
  sdkVersion: "0.1.0",
  commandsAllowed: true,
  bufferSize: 2000,
  dropped: 0,
};

function pending(n: number, extra: Partial<WireInflightCall> = {}): WireInflightCall {
  return {
    id: `f${n}`,
    functionPath: "messages:send",
    kind: "mutation",
    transport: "websocket",
    startedAt: T0 + n,
    attempt: 1,
    waitingFor: "socket",
    ...extra,
  };
}

let store: PanelStore;

function Live() {
  const version = useStore(store);
  return (
    <>
      <Toolbar
        store={store}
        connection={{ clear: () => {} } as PanelConnection}
        preserveLog={false}
        onPreserveLog={() => {}}
        onExport={() => {}}
        exportFullUrls={false}
        onExportFullUrls={() => {}}
        onImport={() => {}}
        message={null}
      />
      <CallsView store={store} version={version} />
    </>
  );
}

function ingest(items: WireItem[]) {
  act(() => store.ingest({ session: "s1", items }));
}

const pendingRows = () => screen.queryAllByTestId("inflight-row").map((row) => row.textContent);

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ["setInterval", "clearInterval", "Date"] });
  store = new PanelStore({ schedule: (fn) => fn() });
  store.pageConnected = true;
  store.backgroundConnected = true;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("the calls in flight above the calls list", () => {
  it("shows a pending row with what the call waits for, its time ticking, until its record arrives", () => {
    render(<Live />);
    ingest([session, { type: "inflight", at: T0 + 10, total: 1, calls: [pending(0)] }]);
    expect(pendingRows()).toEqual([
      "pending mutation messages:send waiting for the WebSocket · 0 s",
    ]);
    act(() => {
      vi.advanceTimersByTime(12_000);
    });
    expect(pendingRows()[0]).toContain("waiting for the WebSocket · 12 s");

    ingest([wireCall(1, { functionPath: "messages:send", kind: "mutation", startedAt: T0 })]);
    expect(pendingRows()).toEqual([]);
    expect(screen.queryByTestId("inflight-calls")).toBeNull();
  });

  it("names every wait, and a page's calls beyond its snapshot's cap", () => {
    render(<Live />);
    ingest([
      session,
      {
        type: "inflight",
        at: T0,
        total: 7,
        calls: [
          pending(1, { waitingFor: "server", kind: "query", transport: "http", attempt: 2 }),
          pending(2, { waitingFor: "offline" }),
          pending(3, { waitingFor: "bulkhead", kind: "action" }),
          pending(4, { waitingFor: "backoff", kind: "query", attempt: 2 }),
          pending(5, { waitingFor: undefined, functionPath: XSS }),
        ],
      },
    ]);
    const rows = pendingRows();
    expect(rows[0]).toContain("awaiting the server · 0 s · attempt 2");
    expect(rows[1]).toContain("held offline");
    expect(rows[2]).toContain("queued for a bulkhead slot");
    expect(rows[3]).toContain("backing off before attempt 3");
    expect(rows[4]).toContain(`${XSS} pending`);
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getByTestId("inflight-calls").textContent).toContain("and 2 more in flight");
  });

  it("shows nothing of a page that is not the current one", () => {
    render(<Live />);
    ingest([session]);
    act(() =>
      store.ingest({
        session: "old",
        items: [{ type: "inflight", at: T0, total: 1, calls: [pending(1)] }],
      }),
    );
    expect(pendingRows()).toEqual([]);
  });

  it("reads elapsed time in seconds, then minutes and seconds", () => {
    expect(elapsedLabel(-5)).toBe("0 s");
    expect(elapsedLabel(22_400)).toBe("22 s");
    expect(elapsedLabel(125_000)).toBe("2 min 5 s");
  });
});

describe("the toolbar's connection indicator", () => {
  it("says the WebSocket is disconnected, or that the page is offline, and goes when it is back", () => {
    render(<Live />);
    ingest([session, { type: "connection", at: 1, online: true, connected: true }]);
    expect(screen.queryByTestId("socket-status")).toBeNull();
    ingest([{ type: "connection", at: 2, online: true, connected: false }]);
    expect(screen.getByTestId("socket-status").textContent).toBe("WebSocket disconnected");
    ingest([{ type: "connection", at: 3, online: false, connected: false }]);
    expect(screen.getByTestId("socket-status").textContent).toBe("offline");
    ingest([{ type: "connection", at: 4, online: true, connected: true }]);
    expect(screen.queryByTestId("socket-status")).toBeNull();
  });
});
