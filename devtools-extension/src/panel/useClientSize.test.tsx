import { cleanup, render, screen } from "@testing-library/preact";
import { useRef } from "preact/hooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useClientSize } from "./useClientSize";

function Measured() {
  const ref = useRef<HTMLDivElement>(null);
  const size = useClientSize(ref);
  return (
    <div ref={ref} data-testid="measured">
      {size.width}×{size.height}
    </div>
  );
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("useClientSize", () => {
  it("reports the element's client size once it mounts", () => {
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(640);
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(220);
    render(<Measured />);
    expect(screen.getByTestId("measured").textContent).toBe("640×220");
  });

  it("reports 0 × 0 where the element has no layout", () => {
    render(<Measured />);
    expect(screen.getByTestId("measured").textContent).toBe("0×0");
  });
});
