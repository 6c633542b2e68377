import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ResizeHandle } from "./ResizeHandle";

function renderHandle(direction: 1 | -1, value = 300) {
  const resized: number[] = [];
  const committed: number[] = [];
  render(
    <ResizeHandle
      class="split-handle"
      label="Resize the call detail"
      value={value}
      min={240}
      max={500}
      direction={direction}
      onResize={(v) => resized.push(v)}
      onCommit={(v) => committed.push(v)}
    />,
  );
  return {
    handle: screen.getByRole("separator", { name: "Resize the call detail" }),
    resized,
    committed,
  };
}

afterEach(cleanup);

describe("a resize handle", () => {
  it("tells assistive technology its value and bounds", () => {
    const { handle } = renderHandle(-1);
    expect(handle.getAttribute("aria-valuenow")).toBe("300");
    expect(handle.getAttribute("aria-valuemin")).toBe("240");
    expect(handle.getAttribute("aria-valuemax")).toBe("500");
    expect(handle.getAttribute("aria-orientation")).toBe("vertical");
    expect(handle.tabIndex).toBe(0);
  });

  it("widens the detail pane with ← when it sits on the pane's left edge, and remembers each step", () => {
    const { handle, committed } = renderHandle(-1);
    fireEvent.keyDown(handle, { key: "ArrowLeft" });
    fireEvent.keyDown(handle, { key: "ArrowRight", shiftKey: true });
    expect(committed).toEqual([316, 240]);
  });

  it("jumps to its bounds with Home and End, and never past them", () => {
    const { handle, committed } = renderHandle(1, 490);
    fireEvent.keyDown(handle, { key: "ArrowRight" });
    fireEvent.keyDown(handle, { key: "Home" });
    fireEvent.keyDown(handle, { key: "End" });
    expect(committed).toEqual([500, 240, 500]);
  });

  it("follows a pointer drag and remembers only where it ends", () => {
    const { handle, resized, committed } = renderHandle(1);
    fireEvent.pointerDown(handle, { button: 0, clientX: 100, pointerId: 1 });
    fireEvent.pointerMove(handle, { clientX: 130, pointerId: 1 });
    fireEvent.pointerMove(handle, { clientX: 150, pointerId: 1 });
    fireEvent.pointerUp(handle, { clientX: 150, pointerId: 1 });
    expect(resized).toEqual([330, 350]);
    expect(committed).toEqual([350]);
  });
});
