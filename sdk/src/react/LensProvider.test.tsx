// @vitest-environment happy-dom
import { cleanup, render, renderHook, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import type { LensError } from "../errors/LensError.js";
import { createLens, type Lens } from "../lens.js";
import { LensErrorBoundary } from "./LensErrorBoundary.js";
import { LensProvider } from "./LensProvider.js";
import { lensHarness } from "./test-support/lensHarness.js";
import { useFunctionMetrics } from "./useFunctionMetrics.js";
import { useHealth } from "./useHealth.js";
import { useLens } from "./useLens.js";

let lens: Lens | undefined;
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await lens?.shutdown();
  lens = undefined;
});

function Orphan() {
  useHealth();
  return null;
}

describe("LensProvider and useLens", () => {
  it("give the hooks below the provider its lens", () => {
    const h = lensHarness();
    lens = h.lens;
    const { result } = renderHook(() => useLens(), { wrapper: h.wrapper });
    expect(result.current).toBe(h.lens);
  });

  it("a hook used without a provider fails with a CONFIGURATION error that says what is missing", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const caught: LensError[] = [];
    render(
      <LensErrorBoundary onError={(error) => caught.push(error)} fallback={<p>no lens</p>}>
        <Orphan />
      </LensErrorBoundary>,
    );
    expect(screen.getByText("no lens")).toBeTruthy();
    expect(caught[0]?.code).toBe(ErrorCode.CONFIGURATION);
    expect(caught[0]?.message).toContain("<LensProvider");
  });

  it("a hook whose module the lens lacks fails with a CONFIGURATION error naming the use entry", () => {
    const bare = createLens({ devtools: false });
    lens = bare;
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <LensProvider lens={bare}>{children}</LensProvider>
    );
    expect(() => renderHook(() => useHealth(), { wrapper })).toThrow(
      "useHealth() needs createLens({ use: [metrics(), health()] })",
    );
    expect(() => renderHook(() => useFunctionMetrics(), { wrapper })).toThrow(
      "useFunctionMetrics() needs createLens({ use: [metrics()] })",
    );
  });
});
