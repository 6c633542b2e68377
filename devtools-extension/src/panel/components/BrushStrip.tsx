import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import { type TimeWindow, timeAt, xOf } from "../waterfall/timeScale";

// A drag shorter than this is a click, not a brush.
const CLICK_PX = 3;

/**
 * A horizontal strip over `window` on which a drag selects a time range (the brush), drawn while
 * it is dragged, and a click picks a time. The ruler and the overview are both one, so they map
 * pointer to time the same way.
 */
export function BrushStrip(props: {
  class: string;
  label: string;
  window: TimeWindow;
  trackPx: number;
  onBrush: (from: number, to: number) => void;
  onPick?: (at: number) => void;
  onWheel?: (event: WheelEvent, at: number) => void;
  children?: ComponentChildren;
  testId?: string;
}) {
  const { window, trackPx } = props;
  const element = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const xAt = (event: PointerEvent | WheelEvent) => {
    const box = element.current?.getBoundingClientRect();
    return box ? Math.max(0, Math.min(box.width, event.clientX - box.left)) : 0;
  };
  const end = (event: PointerEvent) => {
    if (!drag) return;
    const to = xAt(event);
    setDrag(null);
    if (Math.abs(to - drag.from) < CLICK_PX) props.onPick?.(timeAt(window, trackPx, to));
    else props.onBrush(timeAt(window, trackPx, drag.from), timeAt(window, trackPx, to));
  };
  const left = drag ? Math.min(drag.from, drag.to) : 0;
  return (
    <div
      ref={element}
      class={`brush-strip ${props.class}`}
      title={props.label}
      data-testid={props.testId}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
        const x = xAt(event);
        setDrag({ from: x, to: x });
      }}
      onPointerMove={(event) => drag && setDrag({ from: drag.from, to: xAt(event) })}
      onPointerUp={end}
      onPointerCancel={() => setDrag(null)}
      onWheel={
        props.onWheel && ((event) => props.onWheel?.(event, timeAt(window, trackPx, xAt(event))))
      }
    >
      {props.children}
      {drag && Math.abs(drag.to - drag.from) >= CLICK_PX && (
        <div
          class="brush-selection"
          style={{ left: `${left}px`, width: `${Math.abs(drag.to - drag.from)}px` }}
        />
      )}
    </div>
  );
}

/** Where `at` falls on a strip over `window`, as a CSS percentage (for ticks and marks). */
export function percentOf(window: TimeWindow, at: number): string {
  return `${xOf(window, 100, at)}%`;
}
