import { describe, expect, it } from "vitest";
import { FaultInjector, validateFaultConfig } from "./faultInjector.js";

describe("FaultInjector", () => {
  it("leaves calls untouched (null) while nothing is configured", () => {
    const faults = new FaultInjector();
    expect(faults.active).toBe(false);
    expect(faults.decide("messages:send", () => 0)).toBeNull();
    faults.set({});
    expect(faults.active).toBe(false);
    faults.set({ errorRate: 0, latencyMs: 0 });
    expect(faults.decide("messages:send", () => 0)).toBeNull();
  });

  it("adds latency plus jitter to affected calls", () => {
    const faults = new FaultInjector();
    faults.set({ latencyMs: 200, jitterMs: 100 });
    expect(faults.decide("messages:send", () => 0.5)).toEqual({ delayMs: 250, fail: null });
  });

  it("fails the configured share of calls with the configured error", () => {
    const faults = new FaultInjector();
    faults.set({ errorRate: 0.3, error: "overloaded" });
    expect(faults.decide("x:y", () => 0.29)).toEqual({ delayMs: 0, fail: "overloaded" });
    expect(faults.decide("x:y", () => 0.3)).toBeNull();
    faults.set({ errorRate: 1 });
    expect(faults.decide("x:y", () => 0.999)?.fail).toBe("overloaded");
  });

  it("fails every affected call as offline while offline is set", () => {
    const faults = new FaultInjector();
    faults.set({ offline: true, errorRate: 1, error: "network" });
    expect(faults.decide("x:y", () => 0)).toEqual({ delayMs: 0, fail: "offline" });
  });

  it("only touches the functions matching the pattern", () => {
    const faults = new FaultInjector();
    faults.set({ errorRate: 1, functions: "messages:*" });
    expect(faults.decide("messages:send", () => 0)?.fail).toBe("overloaded");
    expect(faults.decide("admin/users:list", () => 0)).toBeNull();
  });

  it("clear() removes every fault", () => {
    const faults = new FaultInjector();
    faults.set({ offline: true });
    faults.clear();
    expect(faults.active).toBe(false);
    expect(faults.get()).toEqual({});
    expect(faults.decide("x:y")).toBeNull();
  });

  it("replaces the configuration rather than merging it", () => {
    const faults = new FaultInjector();
    faults.set({ latencyMs: 100, errorRate: 0.5 });
    faults.set({ latencyMs: 10 });
    expect(faults.get()).toEqual({ latencyMs: 10 });
  });

  it("hands out a frozen copy that callers cannot use to change the faults", () => {
    const faults = new FaultInjector();
    const input = { latencyMs: 5 };
    faults.set(input);
    input.latencyMs = 10_000;
    expect(faults.get()).toEqual({ latencyMs: 5 });
    expect(Object.isFrozen(faults.get())).toBe(true);
  });

  it("notifies listeners of every change, and isolates a throwing one", () => {
    const counted: unknown[] = [];
    const faults = new FaultInjector({ record: (_source, error) => counted.push(error) });
    const seen: unknown[] = [];
    faults.onChange(() => {
      throw new Error("listener bug");
    });
    const unsubscribe = faults.onChange((config) => seen.push(config));
    faults.set({ offline: true });
    faults.clear();
    unsubscribe();
    faults.set({ latencyMs: 1 });
    expect(seen).toEqual([{ offline: true }, {}]);
    expect(counted).toHaveLength(3);
  });

  it.each([
    [{ errorRate: 1.5 }, "faults.errorRate"],
    [{ errorRate: Number.NaN }, "faults.errorRate"],
    [{ latencyMs: -1 }, "faults.latencyMs"],
    [{ latencyMs: Number.POSITIVE_INFINITY }, "faults.latencyMs"],
    [{ jitterMs: "5" }, 'faults.jitterMs must be a number in [0, 600000], got "5"'],
    [{ offline: "yes" }, "faults.offline"],
    [{ functions: "" }, "faults.functions"],
    [{ functions: "a".repeat(1_001) }, "faults.functions"],
    [
      { error: "explode" },
      'faults.error must be one of "overloaded", "network", "timeout", "bug", got "explode"',
    ],
    [{ error: "server_error" }, '"overloaded" for an outage, "bug" for a function'],
    [{ errorrate: 0.5 }, "faults.errorrate is not an option"],
    [null, "must be an object"],
    [[1], "must be an object"],
  ])("rejects %o and names the option", (config, message) => {
    const faults = new FaultInjector();
    faults.set({ latencyMs: 7 });
    expect(() => faults.set(config as never)).toThrow(RangeError);
    expect(() => faults.set(config as never)).toThrow(message);
    expect(faults.get()).toEqual({ latencyMs: 7 }); // unchanged
  });

  it('refuses the gone "server_error" by name in a production build too, without the advice', () => {
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      expect(() => validateFaultConfig({ error: "server_error" })).toThrow(
        'faults.error must be one of "overloaded", "network", "timeout", "bug", got "server_error"',
      );
    } finally {
      process.env.NODE_ENV = mode;
    }
  });

  it("describes hostile values safely in its messages", () => {
    expect(() => validateFaultConfig({ latencyMs: Object.create(null) })).toThrow("got an object");
    expect(() => validateFaultConfig({ errorRate: 10n })).toThrow("got 10");
    expect(() => validateFaultConfig({ error: "x".repeat(10_000) })).toThrow(/got "x{40}…"$/);
  });

  it("ignores prototype keys smuggled through JSON", () => {
    const config = JSON.parse('{"__proto__": {"offline": true}, "latencyMs": 1}');
    expect(() => validateFaultConfig(config)).toThrow("faults.__proto__ is not an option");
  });
});

describe("FaultInjector.delayFor", () => {
  it("gives the latency plus jitter for an affected function, and 0 for the rest", () => {
    const faults = new FaultInjector();
    expect(faults.delayFor("messages:send", () => 0.5)).toBe(0);
    faults.set({ latencyMs: 1_000, jitterMs: 100, functions: "messages:*" });
    expect(faults.delayFor("messages:send", () => 0.5)).toBe(1_050);
    expect(faults.delayFor("tasks:get", () => 0.5)).toBe(0);
  });
});
