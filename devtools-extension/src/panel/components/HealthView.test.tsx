import type { WireItem } from "@convex-lens/sdk/devtools-protocol";
import { act, cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatClock } from "../format";
import { PanelStore } from "../store/panelStore";
import { useStore } from "../useStore";
import { HealthView } from "./HealthView";

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

function Live() {
  useStore(store);
  return <HealthView store={store} />;
}

function ingest(items: WireItem[]) {
  act(() => store.ingest({ session: "s1", items }));
}

beforeEach(() => {
  store = new PanelStore({ schedule: (fn) => fn() });
  store.backgroundConnected = true;
  store.pageConnected = true;
});

afterEach(cleanup);

describe("the Health view without a report", () => {
  it("blames the bridge being off, not the lens's modules, on a page with the bridge off", () => {
    store.bridgeOff = true;
    render(<Live />);
    const missing = screen.getByTestId("health-missing").textContent ?? "";
    expect(missing).toContain("DevTools bridge is off");
    expect(missing).toContain("createLens({ devtools: true })");
    expect(missing).not.toContain("everything()");
  });

  it("says no page is connected while there is no session", () => {
    render(<Live />);
    expect(screen.getByTestId("health-missing").textContent).toContain(
      "no page with the Convex Lens SDK is connected",
    );
  });

  it("names the missing health module once a session arrived without health", () => {
    render(<Live />);
    ingest([session]);
    expect(screen.getByTestId("health-missing").textContent).toContain("use: everything()");
  });
});

describe("the Health view with a report", () => {
  it("says when the report it shows was taken", () => {
    render(<Live />);
    const at = 1_700_000_123_456;
    ingest([session, { type: "health", status: "degraded", at, checks: [] }]);
    expect(screen.getByTestId("health-at").textContent).toContain(`as of ${formatClock(at)}`);
  });
});
