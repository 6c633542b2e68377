import { describe, expect, it } from "vitest";
import { type ConnectionSource, createOnlineManager } from "../resilience/onlineManager.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { HealthModel, type HealthReport } from "./health.js";
import { MetricsStore } from "./metricsStore.js";

/** A client's socket, followed by the online manager as lens.instrument does. */
function socket(connected: boolean) {
  let state = connected;
  const listeners = new Set<(connected: boolean) => void>();
  const source: ConnectionSource = {
    isConnected: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (value: boolean): void => {
    state = value;
    for (const listener of listeners) listener(value);
  };
  return { source, set };
}

/** Health wired to a real online manager, as the health() module wires it to the lens's. */
function setup() {
  const clock = new FakeClock(1_000_000);
  const online = createOnlineManager({ clock });
  const health = new HealthModel({
    metrics: new MetricsStore({ clock, windowMs: 60_000, windowBuckets: 6 }),
    clock,
    connection: { ...online, hasWebSocket: () => online.hasConnectionSources() },
    thresholds: { degradeAfterMs: 0, recoverAfterMs: 0 },
  });
  const follow = (connected: boolean) => {
    const client = socket(connected);
    return { ...client, close: online.addConnectionSource(client.source) };
  };
  const connection = () => {
    const found = health.health().checks.find((c) => c.name === "connection");
    if (!found) throw new Error("no connection check");
    return found;
  };
  return { clock, health, follow, connection };
}

const counts = (report: { details?: HealthReport["checks"][number]["details"] }) => ({
  disconnects: report.details?.disconnects,
  reconnects: report.details?.reconnects,
});

describe("health when an instrumented WebSocket client is closed", () => {
  it("counts no reconnect for a client closed while its socket is down, and reads as with no client", () => {
    const { health, follow, connection, clock } = setup();
    const before = connection();
    const client = follow(true);
    client.set(false);
    clock.advance(40_000);
    expect(health.health().status).toBe("unhealthy");
    expect(counts(connection())).toEqual({ disconnects: 1, reconnects: 0 });

    client.close();
    expect(connection()).toEqual(before);
    expect(connection().status).toBe("no_data");
    const report = health.health();
    expect(report.status).toBe("healthy");
    expect(report.ready).toBe(true);

    // The next client connects for the first time: it neither dropped nor came back.
    const next = follow(false);
    expect(connection().message).toMatch(/has not connected yet/);
    next.set(true);
    expect(counts(connection())).toEqual({ disconnects: 1, reconnects: 0 });
  });

  it("counts no disconnect for a connected client closed, nor when the next one connects", () => {
    const { follow, connection } = setup();
    const client = follow(true);
    client.close();
    expect(connection().status).toBe("no_data");
    const next = follow(false);
    expect(connection().message).toMatch(/has not connected yet/);
    next.set(true);
    expect(connection()).toMatchObject({
      status: "healthy",
      details: { connected: true, disconnects: 0, reconnects: 0 },
    });
  });

  it("counts no reconnect when a dropped client is closed while another stays connected", () => {
    const { follow, connection } = setup();
    follow(true);
    const dropped = follow(true);
    dropped.set(false);
    dropped.close();
    expect(connection()).toMatchObject({
      status: "healthy",
      message: "WebSocket connected.",
      details: { connected: true, disconnects: 1, reconnects: 0 },
    });
  });

  it("still counts a real drop and reconnect of a client that stays open", () => {
    const { follow, connection } = setup();
    const client = follow(true);
    client.set(false);
    client.set(true);
    expect(counts(connection())).toEqual({ disconnects: 1, reconnects: 1 });
  });
});
