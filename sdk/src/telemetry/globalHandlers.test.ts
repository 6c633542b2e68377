import { describe, expect, it } from "vitest";
import { type GlobalErrorReport, installGlobalHandlers } from "./globalHandlers.js";

function rejection(reason: unknown): Event {
  return Object.assign(new Event("unhandledrejection", { cancelable: true }), { reason });
}

function scriptError(fields: { error?: unknown; message?: string }): Event {
  return Object.assign(new Event("error", { cancelable: true }), fields);
}

interface Classified {
  readonly code: string;
  readonly message: string;
}

const classify = (raw: unknown): Classified => ({
  code: raw instanceof TypeError ? "CONFIGURATION" : "UNKNOWN",
  message: raw instanceof Error ? raw.message : String(raw),
});

describe("installGlobalHandlers", () => {
  it("classifies and records unhandled rejections and uncaught errors", () => {
    const target = new EventTarget();
    const seen: GlobalErrorReport<Classified>[] = [];
    installGlobalHandlers(target, { classify, onError: (report) => seen.push(report) });
    const reason = new TypeError("bad url");
    target.dispatchEvent(rejection(reason));
    target.dispatchEvent(
      scriptError({ error: new Error("kaboom"), message: "Uncaught Error: kaboom" }),
    );
    expect(seen).toEqual([
      {
        source: "unhandledrejection",
        error: { code: "CONFIGURATION", message: "bad url" },
        raw: reason,
      },
      { source: "error", error: { code: "UNKNOWN", message: "kaboom" }, raw: expect.any(Error) },
    ]);
  });

  it("never swallows the event: the default action still happens", () => {
    const target = new EventTarget();
    installGlobalHandlers(target, { classify, onError: () => {} });
    const event = rejection("nope");
    const notCancelled = target.dispatchEvent(event);
    expect(notCancelled).toBe(true);
    expect(event.defaultPrevented).toBe(false);
  });

  it("keeps the message of a cross-origin script error that carries no error object", () => {
    const target = new EventTarget();
    const seen: unknown[] = [];
    installGlobalHandlers(target, { classify, onError: (report) => seen.push(report.raw) });
    target.dispatchEvent(scriptError({ message: "Script error." }));
    target.dispatchEvent(scriptError({}));
    expect(seen).toEqual(["Script error.", "Unknown error"]);
  });

  it("stops listening once uninstalled", () => {
    const target = new EventTarget();
    const seen: unknown[] = [];
    const uninstall = installGlobalHandlers(target, { classify, onError: (r) => seen.push(r) });
    uninstall();
    uninstall(); // twice is harmless
    target.dispatchEvent(rejection("late"));
    target.dispatchEvent(scriptError({ error: new Error("late") }));
    expect(seen).toEqual([]);
  });

  it("contains a throwing classifier or recorder so it cannot set off another error event", () => {
    const target = new EventTarget();
    const swallowed: unknown[] = [];
    installGlobalHandlers(target, {
      classify: () => {
        throw new Error("classifier bug");
      },
      onError: () => {},
      onListenerError: (error) => swallowed.push(error),
    });
    // An escaping throw would surface as an uncaught exception, which fails the run.
    target.dispatchEvent(rejection("x"));
    installGlobalHandlers(target, {
      classify,
      onError: () => {
        throw new Error("recorder bug");
      },
      onListenerError: () => {
        throw new Error("and the hook too");
      },
    });
    target.dispatchEvent(scriptError({ error: new Error("y") }));
    expect(swallowed).toHaveLength(2);
  });
});
