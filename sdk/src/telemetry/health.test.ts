import { describe, expect, it } from "vitest";
import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import type { ErrorCode } from "../errors/index.js";
import { CircuitBreaker } from "../resilience/breaker.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { DEFAULT_RELATIVE_ACCURACY } from "./ddsketch.js";
import { Diagnostics } from "./diagnostics.js";
import {
  type HealthCheck,
  type HealthConnection,
  HealthModel,
  type HealthModelOptions,
  type HealthOnline,
  type HealthReport,
} from "./health.js";
import type { HealthSubscription } from "./healthChecks.js";
import type { HealthThresholdsInput } from "./healthThresholds.js";
import { MetricsStore } from "./metricsStore.js";
import { breakerSnapshot } from "./test-support/breakerSnapshot.js";
import { callRecord, failure } from "./test-support/callRecords.js";

/** An online manager stand-in whose state the test flips. */
function switchable(initial = true) {
  let value = initial;
  const listeners = new Set<(v: boolean) => void>();
  return {
    get: () => value,
    set(next: boolean) {
      value = next;
      for (const l of listeners) l(next);
    },
    subscribe(listener: (v: boolean) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function setup(options: Partial<HealthModelOptions> = {}) {
  const clock = new FakeClock(1_000_000);
  const diagnostics = new Diagnostics();
  const metrics = new MetricsStore({ clock, windowMs: 60_000, windowBuckets: 6 });
  const online = switchable(true);
  const socket = switchable(true);
  const onlineSource: HealthOnline = { isOnline: online.get, subscribe: online.subscribe };
  const connection: HealthConnection = {
    isConnected: socket.get,
    subscribeConnection: socket.subscribe,
  };
  let breakers: BreakerSnapshot[] = [];
  const health = new HealthModel({
    metrics,
    clock,
    diagnostics,
    online: onlineSource,
    connection,
    breakers: () => breakers,
    isCritical: (scope) => scope.startsWith("payments:"),
    ...options,
  });
  const feed = (
    n: number,
    fields: { durationMs?: number; code?: ErrorCode; kind?: "query" | "mutation" | "action" } = {},
  ) => {
    for (let i = 0; i < n; i++) {
      metrics.record(
        callRecord({
          durationMs: fields.durationMs ?? 20,
          kind: fields.kind ?? "query",
          error: fields.code === undefined ? null : failure(fields.code),
        }),
      );
    }
  };
  const setBreakers = (next: BreakerSnapshot[]) => {
    breakers = next;
  };
  return { clock, diagnostics, metrics, online, socket, health, feed, setBreakers };
}

function check(report: HealthReport, name: HealthCheck["name"]): HealthCheck {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check`);
  return found;
}

describe("HealthModel", () => {
  it("is healthy with every rate check saying no data before any call", () => {
    const { health } = setup();
    const report = health.health();
    expect(report.status).toBe("healthy");
    expect(report.checks.map((c) => `${c.name}:${c.status}`)).toEqual([
      "connection:healthy",
      "offline:healthy",
      "query_latency:no_data",
      "mutation_success:no_data",
      "error_rate:no_data",
      "breakers:healthy",
      "subscriptions:no_data",
    ]);
    expect(check(report, "error_rate").message).toBe("No calls in the window.");
    expect(report.live).toBe(true);
    expect(report.ready).toBe(true);
  });

  it("is unhealthy when the only three calls in the window failed, though that is below the minimum", () => {
    const { health, feed, clock } = setup();
    feed(3, { code: "OVERLOADED" });
    health.health();
    clock.advance(5_000);
    const report = health.health();
    expect(report.status).toBe("unhealthy");
    expect(check(report, "error_rate")).toMatchObject({
      status: "unhealthy",
      value: 1,
      message: "All 3 calls in the window failed for system reasons.",
    });
  });

  it("judges a few calls by their failures: degraded when some failed, healthy when none did", () => {
    const { health, feed, clock } = setup();
    feed(1, { kind: "mutation" });
    feed(1, { kind: "mutation", code: "NETWORK" });
    expect(check(health.health(), "mutation_success")).toMatchObject({
      status: "degraded",
      value: 0.5,
      message: "1 of the 2 mutations in the window failed for system reasons.",
    });
    clock.advance(60_000);
    feed(2);
    const report = health.health();
    expect(check(report, "error_rate")).toMatchObject({ status: "healthy", value: 0 });
    expect(check(report, "mutation_success").status).toBe("no_data");
  });

  it("does not let a few application refusals make health worse", () => {
    const { health, feed } = setup();
    feed(2, { code: "VALIDATION" });
    expect(check(health.health(), "error_rate")).toMatchObject({ status: "healthy", value: 0 });
  });

  it("lets a few very slow queries degrade health but not make it unhealthy", () => {
    const { health, feed } = setup();
    feed(2, { durationMs: 5_000 });
    // Below minCalls only the critical bound (500 ms on average) counts, and only as degraded.
    expect(check(health.health(), "query_latency")).toMatchObject({
      status: "degraded",
      value: 5_000,
      threshold: 500,
      message:
        "Average query latency 5.0 s is above 500 ms (only 2 queries in the window: too few to call it unhealthy).",
    });
  });

  it("does not call one cold start degraded: a first query of 150 ms is too few to judge", () => {
    // A cold backend's first query (found on the local backend: 127–176 ms) would otherwise show
    // "degraded" for the whole window after every page load.
    const { health, feed } = setup();
    feed(1, { durationMs: 150 });
    expect(check(health.health(), "query_latency")).toMatchObject({
      status: "healthy",
      message:
        "Queries answer in 150 ms on average, 150 ms at p95 (only 1 query in the window: too few to judge).",
    });
    // With enough calls the warn bound applies again.
    feed(5, { durationMs: 150 });
    expect(check(health.health(), "query_latency").status).toBe("degraded");
  });

  it("is not healthy while a subscription is in error, and unhealthy when every one is", () => {
    let subscriptions: HealthSubscription[] = [
      { functionPath: "messages:list" },
      { functionPath: "users:me", error: { code: "OVERLOADED" } },
    ];
    const { health } = setup({ subscriptions: () => subscriptions });
    expect(check(health.health(), "subscriptions")).toMatchObject({
      status: "degraded",
      value: 1,
      message: "1 of 2 subscriptions in error, showing their last result: users:me (OVERLOADED).",
    });
    subscriptions = [{ functionPath: "users:me", error: { code: "NETWORK" } }];
    expect(check(health.health(), "subscriptions").status).toBe("unhealthy");
    subscriptions = [
      { functionPath: "payments:list", error: { code: "TIMEOUT" } },
      { functionPath: "messages:list" },
    ];
    expect(check(health.health(), "subscriptions").status).toBe("unhealthy");
    subscriptions = [{ functionPath: "messages:list" }];
    expect(check(health.health(), "subscriptions")).toMatchObject({ status: "healthy", value: 0 });
    subscriptions = [];
    expect(check(health.health(), "subscriptions").status).toBe("no_data");
  });

  it("reads unhealthy, not healthy with every check saying no data, after a reload under total overload", () => {
    const subscriptions: HealthSubscription[] = [
      { functionPath: "messages:list", error: { code: "OVERLOADED" } },
    ];
    const { health, feed, clock } = setup({ subscriptions: () => subscriptions });
    const seen: string[] = [];
    health.onHealthChange((now, before) => seen.push(`${before.status} → ${now.status}`));
    feed(1, { code: "OVERLOADED" });
    clock.advance(5_000);
    const report = health.health();
    expect(report.status).toBe("unhealthy");
    expect(report.ready).toBe(false);
    expect(check(report, "error_rate").status).toBe("unhealthy");
    expect(check(report, "subscriptions").status).toBe("unhealthy");

    // The overload ends: the subscription recovers and the failure leaves the window.
    subscriptions.length = 0;
    subscriptions.push({ functionPath: "messages:list" });
    clock.advance(60_000);
    feed(1);
    clock.advance(10_000);
    expect(health.health().status).toBe("healthy");
    expect(seen).toEqual(["healthy → unhealthy", "unhealthy → healthy"]);
  });

  it("goes healthy → degraded → unhealthy → healthy as query latency rises and falls, telling listeners each time", () => {
    const { health, feed, clock } = setup();
    const seen: [string, string][] = [];
    health.onHealthChange((current, previous) => seen.push([previous.status, current.status]));

    feed(20, { durationMs: 150 }); // average 150 ms > 100 ms
    clock.advance(5_000);
    expect(health.health().status).toBe("degraded");
    expect(check(health.health(), "query_latency")).toMatchObject({
      status: "degraded",
      value: 150,
      threshold: 100,
    });

    feed(200, { durationMs: 900 }); // average now well above 500 ms
    clock.advance(5_000);
    expect(health.health().status).toBe("unhealthy");
    expect(check(health.health(), "query_latency").threshold).toBe(500);

    clock.advance(60_000); // the slow calls leave the window
    feed(20, { durationMs: 20 });
    clock.advance(10_000);
    expect(health.health().status).toBe("healthy");
    expect(seen).toEqual([
      ["healthy", "degraded"],
      ["degraded", "unhealthy"],
      ["unhealthy", "healthy"],
    ]);
  });

  it("does not flap: a worse status must hold for 5 s and a better one for 10 s", () => {
    const { health, metrics, clock } = setup();
    health.onHealthChange(() => {});
    for (let i = 0; i < 10; i++) metrics.record(callRecord({ durationMs: 800 }));
    clock.advance(4_000);
    let report = health.health();
    expect(report.status).toBe("healthy");
    expect(report.pending).toEqual({ status: "unhealthy", since: 1_000_000 });
    clock.advance(1_000);
    expect(health.health().status).toBe("unhealthy");

    // Recovery: fast calls dilute the average below 100 ms; it takes 10 s to be believed.
    for (let i = 0; i < 400; i++) metrics.record(callRecord({ durationMs: 5 }));
    clock.advance(9_000);
    report = health.health();
    expect(report.status).toBe("unhealthy");
    expect(report.pending?.status).toBe("healthy");
    clock.advance(1_000);
    expect(health.health().status).toBe("healthy");
  });

  it("ignores a blip that clears before the hold time and restarts the countdown afterwards", () => {
    const { health, feed, clock } = setup({ thresholds: { minCalls: 1 } });
    health.onHealthChange(() => {});
    feed(1, { durationMs: 200 });
    clock.advance(3_000);
    expect(health.health().pending?.status).toBe("degraded");
    feed(50, { durationMs: 1 }); // the average falls back under 100 ms
    clock.advance(1_000);
    expect(health.health()).toMatchObject({ status: "healthy", pending: null });
    feed(100, { durationMs: 300 }); // slow again: the countdown starts over
    clock.advance(4_000);
    expect(health.health().status).toBe("healthy");
    clock.advance(1_000);
    expect(health.health().status).toBe("degraded");
  });

  it("judges p95 latency too, reporting it when the tail is what is slow", () => {
    const { health, feed, clock } = setup();
    // Average 144.4 ms → degraded; p95 2 s → unhealthy. The tail is spread so the p95 is not the
    // maximum, which the sketch would return exactly.
    const samples = [...Array<number>(94).fill(10), 2_000, 2_100, 2_200, 2_300, 2_400, 2_500];
    for (const durationMs of samples) feed(1, { durationMs });
    health.health();
    clock.advance(5_000);
    const latency = check(health.health(), "query_latency");
    expect(latency.status).toBe("unhealthy");
    expect(latency.threshold).toBe(1_500);
    // The true p95 at the sketch's rank, q·(n − 1); DDSketch promises it within α (1 %).
    const sorted = [...samples].sort((x, y) => x - y);
    const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))] as number;
    expect(Math.abs((latency.value ?? 0) - p95) / p95).toBeLessThanOrEqual(
      DEFAULT_RELATIVE_ACCURACY,
    );
    expect(latency.message).toContain("p95");
    expect(latency.details).toMatchObject({ calls: 100, statistic: "p95" });
  });

  it("counts only system failures in the error rate, and leaves cancelled calls out", () => {
    const { health, feed, clock } = setup();
    feed(50);
    feed(30, { code: "VALIDATION" });
    feed(10, { code: "NOT_FOUND" });
    feed(10, { code: "FORBIDDEN" });
    feed(100, { code: "ABORTED" });
    const calm = check(health.health(), "error_rate");
    expect(calm).toMatchObject({ status: "healthy", value: 0, details: { calls: 100, failed: 0 } });

    feed(2, { code: "TIMEOUT" }); // 2 of 102 ≈ 2% → degraded
    expect(check(health.health(), "error_rate")).toMatchObject({
      status: "degraded",
      threshold: 0.01,
    });
    feed(5, { code: "SERVER_ERROR" }); // 7 of 107 ≈ 6.5% → unhealthy
    const bad = check(health.health(), "error_rate");
    expect(bad.status).toBe("unhealthy");
    expect(bad.value).toBeCloseTo(7 / 107, 10);
    clock.advance(5_000);
    expect(health.health().status).toBe("unhealthy");
  });

  it("judges mutation success against 95% and 90%", () => {
    const { health, feed } = setup();
    feed(94, { kind: "mutation" });
    feed(7, { kind: "mutation", code: "OUTCOME_UNKNOWN" });
    feed(20, { kind: "mutation", code: "CONFLICT" }); // the app said no: not a failure
    expect(check(health.health(), "mutation_success")).toMatchObject({
      status: "degraded",
      threshold: 0.95,
    });
    expect(check(health.health(), "mutation_success").value).toBeCloseTo(114 / 121, 10);
    feed(10, { kind: "mutation", code: "NETWORK" });
    expect(check(health.health(), "mutation_success")).toMatchObject({
      status: "unhealthy",
      threshold: 0.9,
    });
  });

  it("counts a socket's first connect as neither a drop nor a reconnect", () => {
    const socket = switchable(false);
    const { health } = setup({
      connection: { isConnected: socket.get, subscribeConnection: socket.subscribe },
    });
    expect(check(health.health(), "connection").message).toMatch(/has not connected yet/);
    socket.set(true);
    expect(check(health.health(), "connection").details).toMatchObject({
      reconnects: 0,
      disconnects: 0,
    });
    socket.set(false);
    socket.set(true);
    expect(check(health.health(), "connection").details).toMatchObject({
      reconnects: 1,
      disconnects: 1,
    });
  });

  it("counts no drop or reconnect for a client instrumented after the model, as apps do, while it first connects", () => {
    // The online manager with no WebSocket client yet: connected, vacuously.
    const socket = switchable(true);
    let clients = 0;
    const { health } = setup({
      connection: {
        isConnected: socket.get,
        subscribeConnection: socket.subscribe,
        hasWebSocket: () => clients > 0,
      },
    });
    clients = 1; // lens.instrument(new ConvexReactClient(url)): not connected yet
    socket.set(false);
    expect(check(health.health(), "connection")).toMatchObject({
      message: expect.stringMatching(/has not connected yet/),
      details: { reconnects: 0, disconnects: 0 },
    });
    socket.set(true);
    expect(check(health.health(), "connection").details).toMatchObject({
      reconnects: 0,
      disconnects: 0,
    });
    socket.set(false);
    expect(check(health.health(), "connection").message).toMatch(/disconnected .*reconnecting/);
    socket.set(true);
    expect(check(health.health(), "connection").details).toMatchObject({
      reconnects: 1,
      disconnects: 1,
    });
  });

  it("counts the drop of a client instrumented already connected, once health has seen it up", () => {
    const socket = switchable(true);
    let clients = 0;
    const { health } = setup({
      connection: {
        isConnected: socket.get,
        subscribeConnection: socket.subscribe,
        hasWebSocket: () => clients > 0,
      },
    });
    clients = 1; // connected already: the manager does not tell
    health.health();
    socket.set(false);
    expect(check(health.health(), "connection")).toMatchObject({
      message: expect.stringMatching(/disconnected .*reconnecting/),
      details: { disconnects: 1 },
    });
  });

  it("reports a dropped WebSocket as degraded, then unhealthy after 30 s, and counts reconnects", () => {
    const { health, socket, clock } = setup();
    health.onHealthChange(() => {});
    socket.set(false);
    clock.advance(5_000);
    let report = health.health();
    expect(report.status).toBe("degraded");
    expect(check(report, "connection")).toMatchObject({ status: "degraded", value: 5_000 });
    expect(report.ready).toBe(false);
    expect(report.live).toBe(true);

    clock.advance(25_000);
    report = health.health();
    expect(check(report, "connection")).toMatchObject({ status: "unhealthy", threshold: 30_000 });
    clock.advance(5_000);
    expect(health.health().status).toBe("unhealthy");

    socket.set(true);
    clock.advance(10_000);
    report = health.health();
    expect(report.status).toBe("healthy");
    expect(check(report, "connection").details).toMatchObject({ reconnects: 1, disconnects: 1 });
  });

  it("says no data for the connection when no WebSocket client is instrumented", () => {
    const { health } = setup({
      connection: {
        isConnected: () => true,
        subscribeConnection: () => () => {},
        hasWebSocket: () => false,
      },
    });
    expect(check(health.health(), "connection").status).toBe("no_data");
  });

  it("is unhealthy, not live and not ready while the browser is offline", () => {
    const { health, online, clock } = setup();
    online.set(false);
    clock.advance(5_000);
    const report = health.health();
    expect(check(report, "offline")).toMatchObject({ status: "unhealthy", value: 5_000 });
    expect(report.live).toBe(false);
    expect(report.ready).toBe(false);
    expect(report.status).toBe("unhealthy");
    online.set(true);
    expect(health.health().live).toBe(true);
  });

  it("is degraded by any open breaker and unhealthy when it guards a critical function", () => {
    const { health, setBreakers, clock } = setup({ thresholds: { degradeAfterMs: 0 } });
    setBreakers([breakerSnapshot("messages:list", "closed")]);
    expect(check(health.health(), "breakers").status).toBe("healthy");

    setBreakers([
      breakerSnapshot("messages:list"),
      { ...breakerSnapshot("tasks:move", "half-open"), halfOpenInFlight: 1 },
    ]);
    let breakers = check(health.health(), "breakers");
    expect(breakers).toMatchObject({ status: "degraded", value: 2 });
    expect(breakers.message).toContain("messages:list");
    expect(health.health().status).toBe("degraded");

    setBreakers([breakerSnapshot("messages:list"), breakerSnapshot("payments:charge")]);
    breakers = check(health.health(), "breakers");
    expect(breakers.status).toBe("unhealthy");
    expect(breakers.message).toContain("payments:charge");
    clock.advance(1);
    expect(health.health()).toMatchObject({ status: "unhealthy", ready: false, live: true });
  });

  it("does not hold health down for a half-open breaker waiting for the next call", () => {
    const { health, setBreakers } = setup({ thresholds: { degradeAfterMs: 0 } });
    setBreakers([breakerSnapshot("tasks:setCompleted", "half-open")]);
    const waiting = check(health.health(), "breakers");
    expect(waiting).toMatchObject({ status: "healthy", value: 0 });
    expect(waiting.message).toBe(
      "No breaker is open; 1 half-open breaker is waiting for the next call.",
    );
    expect(waiting.message).not.toContain("probing");

    setBreakers([{ ...breakerSnapshot("tasks:setCompleted", "half-open"), halfOpenInFlight: 1 }]);
    const probing = check(health.health(), "breakers");
    expect(probing.status).toBe("degraded");
    expect(probing.message).toBe("Breaker open: tasks:setCompleted (probing).");
  });

  it("returns to healthy within windowMs + recoverAfterMs of an outage's last failure, with no call after it", () => {
    // The demo's settings: README promises health back "within about 25 s" after an outage.
    const clock = new FakeClock(1_000_000);
    const windowMs = 20_000;
    const recoverAfterMs = 4_000;
    const metrics = new MetricsStore({ clock, windowMs, windowBuckets: 20 });
    const tripped = new CircuitBreaker(
      "tasks:setCompleted",
      { windowMs: 20_000, minimumCalls: 5, failureRateThreshold: 0.75, openMs: 5_000 },
      clock,
    );
    const health = new HealthModel({
      metrics,
      clock,
      breakers: () => [tripped.snapshot()],
      thresholds: { degradeAfterMs: 1_500, recoverAfterMs, minCalls: 3 },
    });
    const statuses: string[] = [];
    health.onHealthChange((now) => statuses.push(now.status));
    // The outage: every write fails, and the breaker opens.
    for (let i = 0; i < 6; i++) {
      const permit = tripped.admit();
      if (permit) tripped.failure(permit, 50);
      metrics.record(callRecord({ kind: "mutation", error: failure("OVERLOADED") }));
      clock.advance(500);
    }
    expect(tripped.state).toBe("open");
    clock.advance(2_000);
    expect(health.health().status).toBe("unhealthy");
    const lastFailureAt = clock.now() - 2_500;
    // The outage ends and the user does nothing: no call, no probe.
    let healthyAt: number | null = null;
    while (healthyAt === null && clock.now() - lastFailureAt < 60_000) {
      clock.advance(1_000);
      if (statuses.at(-1) === "healthy") healthyAt = clock.now();
    }
    expect(healthyAt).not.toBeNull();
    // Evaluated every second: within one evaluation of the documented bound.
    expect(healthyAt! - lastFailureAt).toBeLessThanOrEqual(windowMs + recoverAfterMs + 1_000);
    expect(tripped.state).toBe("half-open");
    expect(check(health.health(), "breakers").message).toContain("waiting for the next call");
    expect(statuses).toEqual(["unhealthy", "healthy"]);
  });

  it("peeks at the report health() would give without stepping the hysteresis or telling listeners", () => {
    const { metrics, feed, clock } = setup();
    // No metrics subscription and a long period: only what the test does evaluates health.
    const health = new HealthModel({
      metrics: { windowTotals: (kind) => metrics.windowTotals(kind) },
      clock,
      evaluateEveryMs: 3_600_000,
    });
    const seen: string[] = [];
    health.onHealthChange((now) => seen.push(now.status));
    feed(3, { code: "OVERLOADED" });
    const first = health.peek();
    expect(first.status).toBe("healthy");
    expect(first.pending).toEqual({ status: "unhealthy", since: 1_000_000 });
    clock.advance(5_000);
    // The countdown did not start at the peek: nothing evaluated since the failures.
    expect(health.peek().status).toBe("healthy");
    expect(health.peek().pending?.since).toBe(1_005_000);
    expect(seen).toEqual([]);
    health.health(); // starts the countdown
    clock.advance(5_000);
    expect(health.peek().status).toBe("unhealthy");
    expect(seen).toEqual([]);
    expect(health.health().status).toBe("unhealthy");
    expect(seen).toEqual(["unhealthy"]);
  });

  it("re-evaluates on a timer only while someone listens", () => {
    const { health, feed, clock } = setup();
    expect(clock.pendingTimers).toBe(0);
    const seen: string[] = [];
    const stop = health.onHealthChange((current) => seen.push(current.status));
    expect(clock.pendingTimers).toBe(1);
    feed(20, { durationMs: 200 });
    clock.advance(6_000); // no read: the timer notices
    expect(seen).toEqual(["degraded"]);
    stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it("notices a transition lazily on read when nobody listens", () => {
    const { health, feed, clock } = setup();
    feed(20, { durationMs: 200 });
    expect(health.health().status).toBe("healthy");
    clock.advance(5_000);
    expect(health.health().status).toBe("degraded");
  });

  it("counts a throwing listener in diagnostics and still tells the others", () => {
    const { health, feed, clock, diagnostics } = setup({ thresholds: { degradeAfterMs: 0 } });
    health.onHealthChange(() => {
      throw new Error("listener bug");
    });
    let told = false;
    health.onHealthChange(() => {
      told = true;
    });
    feed(20, { durationMs: 200 });
    clock.advance(1_000);
    expect(told).toBe(true);
    expect(diagnostics.snapshot().errors.listener).toBe(1);
  });

  it("blanks only the check whose source throws", () => {
    const { health, diagnostics } = setup({
      breakers: () => {
        throw new Error("registry bug");
      },
    });
    const report = health.health();
    expect(check(report, "breakers").status).toBe("no_data");
    expect(check(report, "connection").status).toBe("healthy");
    expect(diagnostics.snapshot().errors.hook).toBe(1);
  });

  it("uses the thresholds it is given", () => {
    const { health, feed } = setup({
      thresholds: { queryLatencyAvgMs: { warn: 10 }, minCalls: 1, degradeAfterMs: 0 },
    });
    feed(1, { durationMs: 20 });
    expect(check(health.health(), "query_latency")).toMatchObject({
      status: "degraded",
      threshold: 10,
    });
    expect(health.health().status).toBe("degraded");
  });

  it.each([
    [{ minCalls: 0 }, "thresholds.minCalls must be an integer >= 1, got 0"],
    [{ degradeAfterMs: -1 }, "thresholds.degradeAfterMs must be a number >= 0, got -1"],
    [
      { errorRate: { critical: 2 } },
      "thresholds.errorRate.critical must be a number in [0, 1], got 2",
    ],
    [
      { errorRate: { warn: 0.5, critical: 0.1 } },
      "thresholds.errorRate.warn (0.5) must be <= thresholds.errorRate.critical (0.1)",
    ],
    [
      { mutationSuccess: { warn: 0.8 } },
      "thresholds.mutationSuccess.critical (0.9) must be <= thresholds.mutationSuccess.warn (0.8)",
    ],
    [{ errRate: {} }, "thresholds.errRate is not an option; expected one of queryLatencyAvgMs"],
    [
      { errorRate: { worn: 0.1 } },
      "thresholds.errorRate.worn is not an option; expected one of warn, critical",
    ],
    [{ errorRate: 0.1 }, "thresholds.errorRate must be an object, got 0.1"],
  ])("refuses thresholds %o, naming the option and the rule it breaks", (thresholds, message) => {
    const options = {
      metrics: new MetricsStore(),
      thresholds: thresholds as HealthThresholdsInput,
    };
    expect(() => new HealthModel(options)).toThrow(message);
  });

  it("takes a threshold set to undefined as its default", () => {
    const thresholds = { minCalls: undefined, errorRate: { warn: undefined, critical: 0.2 } };
    expect(() => new HealthModel({ metrics: new MetricsStore(), thresholds })).not.toThrow();
  });

  it("stops its timer and subscriptions on dispose and then reports not live", () => {
    const { health, clock, socket } = setup();
    health.onHealthChange(() => {});
    health.dispose();
    expect(clock.pendingTimers).toBe(0);
    socket.set(false); // no longer watched: must not throw or count
    expect(health.health()).toMatchObject({ live: false, ready: false });
  });
});

describe("a slow cold connect", () => {
  const coldConnect = (metrics: MetricsStore, connectMs: number, functionMs: number) =>
    metrics.record(
      callRecord({ durationMs: connectMs + functionMs, connectMs, functionMs, subscription: true }),
    );

  it("leaves health healthy when 6 subscriptions waited 600 ms for the socket, and says so", () => {
    const { health, metrics } = setup();
    for (let i = 0; i < 6; i++) coldConnect(metrics, 595, 5);
    const report = health.health();
    expect(report.status).toBe("healthy");
    expect(check(report, "query_latency").status).toBe("healthy");
    expect(check(report, "query_latency").value).toBeLessThan(10);
    const connection = check(report, "connection");
    expect(connection.status).toBe("healthy");
    expect(connection.message).toBe(
      "WebSocket connected; 6 calls waited up to 595 ms for the WebSocket to connect (a connect, not query latency).",
    );
  });

  it("degrades the connection check alone past its own threshold", () => {
    const { health, metrics } = setup({ thresholds: { connectWaitMs: { warn: 500 } } });
    for (let i = 0; i < 6; i++) coldConnect(metrics, 595, 5);
    const report = health.health();
    const degraded = report.checks.filter((c) => c.status === "degraded").map((c) => c.name);
    expect(degraded).toEqual(["connection"]);
    expect(check(report, "connection").message).toMatch(
      /^Slow connect: 6 calls waited up to 595 ms/,
    );
  });
});
