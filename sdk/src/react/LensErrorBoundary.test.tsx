// @vitest-environment happy-dom
import { act, cleanup, render, screen } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import type { LensError } from "../errors/LensError.js";
import type { Lens } from "../lens.js";
import { everything } from "../modules/everything.js";
import type { LogRecord } from "../telemetry/logger.js";
import { LensErrorBoundary } from "./LensErrorBoundary.js";
import { LensProvider } from "./LensProvider.js";
import { lensHarness } from "./test-support/lensHarness.js";

let lens: Lens | undefined;
beforeEach(() => {
  // React reports every caught error on console.error; that is expected here, not noise to show.
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await lens?.shutdown();
  lens = undefined;
});

let broken = true;
function Board() {
  if (broken) throw new Error("[Request ID: 0123456789abcdef] Server Error");
  return <p>the board</p>;
}

function Forbidden(): never {
  throw new ConvexError({ code: "FORBIDDEN" });
}

describe("LensErrorBoundary", () => {
  it("shows the calm message by default and renders the children again on Try again", () => {
    broken = true;
    render(
      <LensErrorBoundary>
        <Board />
      </LensErrorBoundary>,
    );
    expect(screen.getByRole("alert").textContent).toContain(
      "Something went wrong on our side. Sorry about that.",
    );
    expect(screen.queryByText(/Request ID/)).toBeNull();
    broken = false;
    act(() => screen.getByRole("button", { name: "Try again" }).click());
    expect(screen.getByText("the board")).toBeTruthy();
  });

  it("gives a fallback function the classified error and a reset", () => {
    broken = true;
    const seen: LensError[] = [];
    let reset = () => {};
    render(
      <LensErrorBoundary
        fallback={(error, again) => {
          seen.push(error);
          reset = again;
          return <p>code {error.code}</p>;
        }}
      >
        <Board />
      </LensErrorBoundary>,
    );
    expect(screen.getByText(`code ${ErrorCode.SERVER_ERROR}`)).toBeTruthy();
    // a function's bug: the same call fails the same way
    expect(seen[0]?.retryable).toBe(false);
    broken = false;
    act(() => reset());
    expect(screen.getByText("the board")).toBeTruthy();
  });

  it("renders a node fallback as it is", () => {
    render(
      <LensErrorBoundary fallback={<p>custom fallback</p>}>
        <Forbidden />
      </LensErrorBoundary>,
    );
    expect(screen.getByText("custom fallback")).toBeTruthy();
  });

  it("does not swallow: calls onError with the classified error and logs through the lens", () => {
    broken = true;
    const records: LogRecord[] = [];
    const h = lensHarness(
      {},
      everything({ logger: { level: "debug", sink: (r) => records.push(r) } }),
    );
    lens = h.lens;
    const onError = vi.fn();
    render(
      <LensProvider lens={h.lens}>
        <LensErrorBoundary onError={onError}>
          <Board />
        </LensErrorBoundary>
      </LensProvider>,
    );
    expect(onError).toHaveBeenCalledTimes(1);
    const [error, info] = onError.mock.calls[0] as [LensError, { componentStack?: string }];
    expect(error.code).toBe(ErrorCode.SERVER_ERROR);
    expect(info.componentStack).toContain("Board");
    expect(records).toContainEqual(
      expect.objectContaining({ level: "error", code: ErrorCode.SERVER_ERROR }),
    );
  });
});
