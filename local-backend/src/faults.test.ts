import { describe, expect, it } from "vitest";
import { BackendError } from "./backendError.js";
import { FaultController, NO_FAULTS, parseFaultPatch } from "./faults.js";

describe("parseFaultPatch", () => {
  it("accepts a partial patch", () => {
    expect(parseFaultPatch({ latencyMs: 200, functions: "messages:*" })).toEqual({
      ok: true,
      patch: { latencyMs: 200, functions: "messages:*" },
    });
  });

  it("accepts a slow cold connect (connectDelayMs) and refuses a negative one", () => {
    expect(parseFaultPatch({ connectDelayMs: 600 })).toEqual({
      ok: true,
      patch: { connectDelayMs: 600 },
    });
    expect(parseFaultPatch({ connectDelayMs: -1 }).ok).toBe(false);
  });

  it("explains unknown settings instead of ignoring them", () => {
    const result = parseFaultPatch({ latency: 200 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('unknown fault setting "latency"');
  });

  it.each([
    [{ errorRate: 1.5 }, "errorRate must be a number between 0 and 1"],
    [{ errorRate: "0.5" }, "errorRate must be a number between 0 and 1"],
    [{ latencyMs: -1 }, "latencyMs must be a number of milliseconds"],
    [{ jitterMs: Number.POSITIVE_INFINITY }, "jitterMs must be a number of milliseconds"],
    [
      { errorKind: "teapot" },
      'errorKind must be one of "overloaded", "unavailable", "try_again_later", "rate_limited", "bug"',
    ],
    [{ errorKind: "server_error" }, 'use "overloaded" for an outage, "bug" for a function'],
    [{ dropSocketsEveryMs: 5 }, "dropSocketsEveryMs must be null, 0 or at least 50"],
    [{ refuseConnections: "yes" }, "refuseConnections must be true or false"],
    [{ functions: "" }, "functions must be a non-empty glob"],
    [[], "faults must be a JSON object"],
    [null, "faults must be a JSON object"],
  ])("rejects %j with a clear message", (input, message) => {
    const result = parseFaultPatch(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it("treats a drop period of 0 as off", () => {
    expect(parseFaultPatch({ dropSocketsEveryMs: 0 })).toEqual({
      ok: true,
      patch: { dropSocketsEveryMs: null },
    });
  });
});

describe("FaultController", () => {
  it("starts healthy and merges patches over the current faults", () => {
    const faults = new FaultController();
    expect(faults.get()).toEqual(NO_FAULTS);
    faults.set({ latencyMs: 100 });
    faults.set({ errorRate: 0.5 });
    expect(faults.get()).toMatchObject({ latencyMs: 100, errorRate: 0.5 });
    faults.clear();
    expect(faults.get()).toEqual(NO_FAULTS);
  });

  it("throws a coded error when code passes an invalid patch", () => {
    const faults = new FaultController();
    expect(() => faults.set({ errorRate: 2 })).toThrow(BackendError);
    expect(faults.get()).toEqual(NO_FAULTS);
  });

  it("adds fixed latency plus jitter scaled by the random source", () => {
    const faults = new FaultController(() => 0.5);
    faults.set({ latencyMs: 100, jitterMs: 40 });
    expect(faults.decide("m:f", "http").delayMs).toBe(120);
    expect(faults.counts.delayedCalls).toBe(1);
  });

  it("injects errors at the configured rate", () => {
    const draws = [0.1, 0.9];
    const faults = new FaultController(() => draws.shift() ?? 1);
    faults.set({ errorRate: 0.5, errorKind: "overloaded" });
    expect(faults.decide("m:f", "http").error).toBe("overloaded");
    expect(faults.decide("m:f", "http").error).toBeNull();
    expect(faults.counts.injectedErrors).toBe(1);
  });

  it("limits injected errors to one transport, while latency still applies to both", () => {
    const faults = new FaultController(() => 0);
    faults.set({ latencyMs: 5, errorRate: 1, errorTransports: "http" });
    expect(faults.decide("m:f", "http")).toEqual({ delayMs: 5, error: "overloaded" });
    expect(faults.decide("m:f", "websocket")).toEqual({ delayMs: 5, error: null });
    expect(parseFaultPatch({ errorTransports: "carrier pigeon" })).toMatchObject({ ok: false });
  });

  it("only touches functions matching the glob", () => {
    const faults = new FaultController(() => 0);
    faults.set({ latencyMs: 50, errorRate: 1, functions: "messages:*" });
    expect(faults.decide("users:list", "http")).toEqual({ delayMs: 0, error: null });
    expect(faults.decide("messages:send", "http")).toEqual({ delayMs: 50, error: "overloaded" });
  });

  it("replaces every setting, leaving out what the patch does not name", () => {
    const faults = new FaultController();
    faults.set({ latencyMs: 100, errorRate: 0.5 });
    expect(faults.replace({ errorKind: "bug" })).toEqual({ ...NO_FAULTS, errorKind: "bug" });
    expect(() => faults.replace({ errorRate: 2 })).toThrow(BackendError);
    expect(faults.get()).toEqual({ ...NO_FAULTS, errorKind: "bug" });
  });

  it("tells listeners about every change", () => {
    const faults = new FaultController();
    const seen: boolean[] = [];
    const stop = faults.onChange((config) => seen.push(config.refuseConnections));
    faults.set({ refuseConnections: true });
    faults.clear();
    stop();
    faults.set({ refuseConnections: true });
    expect(seen).toEqual([true, false]);
  });
});
