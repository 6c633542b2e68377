import { formatDuration } from "../format";
import { ticks } from "../waterfall/ticks";
import type { TimeWindow } from "../waterfall/timeScale";
import { BrushStrip, percentOf } from "./BrushStrip";

// Room a clock label needs ("14:03:20.25" at 11 px), so the last one is not cut at the edge.
const LABEL_PX = 72;

/**
 * The time ruler above the waterfall: clock ticks that stay readable at any zoom (ticks.ts), and
 * a brush — drag across it to zoom to that range, wheel over it to zoom around the pointer.
 */
export function TimeRuler(props: {
  window: TimeWindow;
  trackPx: number;
  onBrush: (from: number, to: number) => void;
  onWheel: (event: WheelEvent, at: number) => void;
}) {
  const { window, trackPx } = props;
  const marks = trackPx > 0 ? ticks(window, trackPx) : [];
  const msPerPx = (window.end - window.start) / Math.max(1, trackPx);
  return (
    <BrushStrip
      class="time-ruler"
      label={`Drag to zoom to a range; wheel to zoom (${formatDuration(window.end - window.start)} shown)`}
      window={window}
      trackPx={trackPx}
      onBrush={props.onBrush}
      onWheel={props.onWheel}
      testId="time-ruler"
    >
      {marks.map((tick) => (
        <span key={tick.at} class="tick" style={{ left: percentOf(window, tick.at) }}>
          {(tick.at - window.start) / msPerPx + LABEL_PX <= trackPx && (
            <span class="tick-label">{tick.label}</span>
          )}
        </span>
      ))}
    </BrushStrip>
  );
}
