import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "./errors/errorCode.js";
import { defaultTimeouts, type LensOptions } from "./options.js";
import { resolveLensOptions } from "./resolveLensOptions.js";

/** Expects `options` refused with a CONFIGURATION error whose message is (or matches) `message`. */
function expectRefused(options: unknown, message: unknown): void {
  expect(() => resolveLensOptions(options as LensOptions)).toThrow(
    expect.objectContaining({ code: ErrorCode.CONFIGURATION, message }),
  );
}

describe("resolveLensOptions", () => {
  it.each([
    [{ retry: { maxAttempts: 0 } }, "retry.maxAttempts must be an integer in [1, 100], got 0."],
    [{ breaker: { scope: "page" } }, 'breaker.scope must be one of "function", "deployment"'],
    [{ timeoutMs: { query: 0 } }, "timeoutMs.query must be a number in (0, 2147483647] or null"],
    [{ functions: { " ": {} } }, 'functions[" "] must be a non-empty pattern'],
    [{ functions: { "a:b": { critical: 1 } } }, 'functions["a:b"].critical must be a boolean'],
    [{ functions: { "a:b": { maxQueued: 1 } } }, 'functions["a:b"].maxQueued needs maxConcurrent'],
    [{ capture: { redact: [1] } }, "capture.redact must be an array of strings or RegExps"],
    [{ devtools: { bufferSize: 0 } }, "devtools.bufferSize must be an integer in [1, 1000000]"],
    [{ use: [() => ({})] }, "use[0] must be a module such as metrics(), got a function"],
    [{ retry: 5 }, "retry must be an object, got 5"],
    [{ retry: { budget: { ratoi: 0.2 } } }, "retry.budget.ratoi is not an option"],
    [
      { functions: { "a:b": { retry: { budget: { ratoi: 1 } } } } },
      'functions["a:b"].retry.budget.ratoi is not an option',
    ],
    [{ tracerProvider: {} }, "tracerProvider must be a TracerProvider, got a"],
    [{ capture: { args: "yes" } }, 'capture.args must be a boolean, got "yes"'],
    [{ capture: { results: 1 } }, "capture.results must be a boolean, got 1"],
    [{ devtools: { enabled: "no" } }, 'devtools.enabled must be a boolean, got "no"'],
    [{ devtools: { allowCommands: "yes" } }, 'devtools.allowCommands must be a boolean, got "yes"'],
    [
      { retry: { maxAttemps: 2 } },
      "retry.maxAttemps is not an option; expected one of maxAttempts",
    ],
    [{ breaker: { openMS: 5 } }, "breaker.openMS is not an option; expected one of"],
    [
      { breaker: { countDeveloperErrors: "yes" } },
      "breaker.countDeveloperErrors must be a boolean",
    ],
    [{ functions: { "a:b": { breaker: 1 } } }, 'functions["a:b"].breaker must be an object, got 1'],
    [
      { functions: { "a:b": { breaker: { scope: "deployment" } } } },
      'functions["a:b"].breaker.scope is not an option',
    ],
  ])("refuses %o with a CONFIGURATION error naming the option", (options, message) => {
    expectRefused(options, expect.stringContaining(`Invalid Convex Lens option: ${message}`));
  });

  it("takes an option set to undefined as its default, at the lens level and per function", () => {
    const resolved = resolveLensOptions({
      retry: { maxAttempts: undefined, jitter: undefined, budget: { ratio: undefined } },
      breaker: { failureRateThreshold: undefined, scope: undefined },
      timeoutMs: { query: undefined },
      functions: {
        "a:b": {
          retry: { jitter: undefined, budget: undefined },
          breaker: { openMs: undefined },
          maxConcurrent: undefined,
        },
      },
    });
    const retry = resolved.base.retry as Exclude<typeof resolved.base.retry, false>;
    expect(retry).toMatchObject({ maxAttempts: 4, jitter: "full" });
    // The lens-wide budget, with its default ratio: 0.2 tokens a call, a burst of 10 retries.
    expect(resolved.budget?.snapshot()).toEqual({ tokens: 20, available: 10 });
    expect(resolved.base.breaker).toMatchObject({ failureRateThreshold: 0.5, scope: "function" });
    expect(resolved.base.timeoutMs.query).toBe(defaultTimeouts.query);
    expect(resolved.base.functions["a:b"]?.breaker).toMatchObject({ openMs: 10_000 });
  });

  it("gives a per-function breaker option set to undefined the lens's value, not the default", () => {
    const resolved = resolveLensOptions({
      breaker: { failureRateThreshold: 0.8, openMs: 2_000 },
      functions: { "a:b": { breaker: { failureRateThreshold: undefined, minimumCalls: 3 } } },
    });
    expect(resolved.base.functions["a:b"]?.breaker).toMatchObject({
      failureRateThreshold: 0.8,
      openMs: 2_000,
      minimumCalls: 3,
    });
  });

  describe("in a production build", () => {
    const mode = process.env.NODE_ENV;
    afterEach(() => {
      process.env.NODE_ENV = mode;
    });

    it("still refuses a moved option by name, without the development build's advice", () => {
      process.env.NODE_ENV = "production";
      expectRefused(
        { thresholds: { minCalls: 1 } },
        "Invalid Convex Lens option: thresholds is now a module's option.",
      );
      expectRefused({ retry: { jitter: "lots" } }, expect.stringContaining("retry.jitter must be"));
    });
  });
});
