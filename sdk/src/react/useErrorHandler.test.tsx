// @vitest-environment happy-dom
import { act, cleanup, renderHook } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import type { Lens } from "../lens.js";
import { lensHarness, listMessages, sendMessage } from "./test-support/lensHarness.js";
import { useErrorHandler } from "./useErrorHandler.js";

let lens: Lens | undefined;
afterEach(async () => {
  cleanup();
  await lens?.shutdown();
  lens = undefined;
});

describe("useErrorHandler", () => {
  it("offers the retry for a transient failure of a real call, with calm text", async () => {
    const h = lensHarness();
    lens = h.lens;
    h.fail("messages:list");
    const caught = await h.client.query(listMessages, {}).catch((e: unknown) => e);
    const { result } = renderHook(() => useErrorHandler());
    const retry = vi.fn(() => "again");
    const handled = result.current(caught, retry);
    expect(handled.error.code).toBe(ErrorCode.OVERLOADED);
    expect(handled.userMessage).toBe(
      "The service is busy right now. Please try again in a moment.",
    );
    expect(handled.retryable).toBe(true);
    expect(handled.retry?.()).toBe("again");
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it("offers no retry when the failure is not worth repeating", async () => {
    const h = lensHarness();
    lens = h.lens;
    const { result } = renderHook(() => useErrorHandler());
    const handled = result.current(new ConvexError({ code: "NOT_FOUND" }), () => {});
    expect(handled).toMatchObject({ retryable: false, userMessage: expect.any(String) });
    expect(handled.error.code).toBe(ErrorCode.NOT_FOUND);
    expect("retry" in handled).toBe(false);
  });

  it("says retryable but offers no retry when none was given", () => {
    const { result } = renderHook(() => useErrorHandler());
    const handled = result.current(
      new Error("Your request couldn't be completed. Try again later."),
    );
    expect(handled.retryable).toBe(true);
    expect(handled.retry).toBeUndefined();
  });

  it("never shows a developer message or stack to users, whatever was thrown", () => {
    const { result } = renderHook(() => useErrorHandler());
    for (const thrown of [new TypeError("x is undefined at Foo.tsx:12"), "oops", null, 42]) {
      const { userMessage } = result.current(thrown);
      expect(userMessage).not.toMatch(/Foo\.tsx|undefined|oops/);
      expect(userMessage.length).toBeGreaterThan(0);
    }
  });

  it("returns the same handler on every render, so it is safe in effect dependencies", async () => {
    const h = lensHarness();
    lens = h.lens;
    const { result, rerender } = renderHook(() => useErrorHandler(), { wrapper: h.wrapper });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    // And it works on an error straight from a mutation.
    h.fail("messages:send");
    const error = await act(() => h.client.mutation(sendMessage, {}).catch((e: unknown) => e));
    expect(result.current(error).error.functionPath).toBe("messages:send");
  });
});
