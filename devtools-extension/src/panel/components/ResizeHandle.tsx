import { useRef } from "preact/hooks";

/**
 * A vertical drag handle (`role="separator"`) for a width: dragged with the pointer, or focused
 * and moved with ←/→ (Shift for bigger steps), Home and End. `direction` is 1 when dragging right
 * widens (a column's right edge), -1 when it narrows (the detail pane's left edge). `onResize`
 * follows the drag; `onCommit` gets the final width once, to remember it.
 */
export function ResizeHandle(props: {
  value: number;
  min: number;
  max: number;
  direction: 1 | -1;
  label: string;
  class: string;
  onResize: (value: number) => void;
  onCommit: (value: number) => void;
}) {
  const drag = useRef<{ x: number; from: number; last: number } | null>(null);
  const clamp = (value: number) => Math.round(Math.max(props.min, Math.min(props.max, value)));

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    try {
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    } catch {
      // Capture is a nicety (drags that leave the handle); without it the drag still works.
    }
    drag.current = { x: event.clientX, from: props.value, last: props.value };
  };
  const onPointerMove = (event: PointerEvent) => {
    const state = drag.current;
    if (!state) return;
    state.last = clamp(state.from + props.direction * (event.clientX - state.x));
    props.onResize(state.last);
  };
  const onPointerEnd = () => {
    const state = drag.current;
    if (!state) return;
    drag.current = null;
    props.onCommit(state.last);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 64 : 16;
    const moves: Record<string, number> = {
      ArrowRight: props.value + props.direction * step,
      ArrowLeft: props.value - props.direction * step,
      Home: props.min,
      End: props.max,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    const value = clamp(target);
    props.onResize(value);
    props.onCommit(value);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot be focused or dragged; a focusable separator is the ARIA pattern for a splitter.
    <div
      class={props.class}
      role="separator"
      aria-orientation="vertical"
      aria-label={props.label}
      aria-valuenow={props.value}
      aria-valuemin={props.min}
      aria-valuemax={props.max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
    />
  );
}
