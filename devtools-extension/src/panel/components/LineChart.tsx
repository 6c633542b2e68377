import { formatClock } from "../format";

/** One line of a chart: points at wall-clock times, and its CSS class (its colour). */
export interface ChartSeries {
  label: string;
  points: { at: number; value: number | null }[];
  className?: string;
}

// Hand-written SVG rather than a chart library: two small charts of a few hundred points do not
// justify tens of kB in the panel's bundle (Preact's size discipline, STYLE.md). The viewBox keeps
// its aspect ratio (no preserveAspectRatio="none"), so labels are never stretched.
const WIDTH = 320;
const HEIGHT = 120;
const LEFT = 46;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 20;

/**
 * The polylines of a series over real time: x is the wall clock from `from` to `to`, and a run
 * breaks where no point came for longer than `gapMs`, so an idle minute is a gap, not a slope.
 */
export function chartRuns(
  series: ChartSeries,
  range: { from: number; to: number; max: number; gapMs: number },
): string[] {
  const span = Math.max(1, range.to - range.from);
  const x = (at: number) => LEFT + ((at - range.from) / span) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) =>
    HEIGHT - BOTTOM - (range.max === 0 ? 0 : (v / range.max) * (HEIGHT - TOP - BOTTOM));
  const runs: string[] = [];
  let current: string[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const point of series.points) {
    const value = point.value;
    const broken = point.at - last > range.gapMs;
    if (value === null || !Number.isFinite(value) || broken) {
      if (current.length > 0) runs.push(current.join(" "));
      current = [];
    }
    if (value !== null && Number.isFinite(value))
      current.push(`${x(point.at).toFixed(1)},${y(value).toFixed(1)}`);
    last = point.at;
  }
  if (current.length > 0) runs.push(current.join(" "));
  return runs;
}

/**
 * The links between a series' runs: from the last point of one to the first of the next. Drawn
 * faint and dotted, so idle seconds still read as a gap, while a page that calls every few
 * seconds reads as one series rather than scattered dots.
 */
export function chartLinks(runs: readonly string[]): string[] {
  const links: string[] = [];
  for (let i = 1; i < runs.length; i++) {
    const previous = runs[i - 1] as string;
    const next = runs[i] as string;
    links.push(`${previous.slice(previous.lastIndexOf(" ") + 1)} ${next.split(" ", 1)[0]}`);
  }
  return links;
}

// A lone point's radius: each later series' dot is larger and drawn under the earlier ones, so
// where p50 equals p95 (one call in a second) p50's dot shows inside p95's ring.
const DOT_RADIUS = 2.5;
const DOT_RADIUS_STEP = 1.5;

/**
 * A small line chart over wall-clock time: axes with the first and last time and the top value,
 * and a legend naming each line, so p50 and p95 are told apart by more than colour.
 */
export function LineChart(props: {
  title: string;
  series: ChartSeries[];
  /** The time range shown, epoch ms. */
  from: number;
  to: number;
  /** Longest step between points that is still drawn as a line (one bucket). */
  gapMs: number;
  format: (value: number) => string;
}) {
  const all = props.series.flatMap((s) =>
    s.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const max = Math.max(0, ...all);
  const range = { from: props.from, to: props.to, max, gapMs: props.gapMs };
  const bottom = HEIGHT - BOTTOM;
  const runs = props.series.map((series) => chartRuns(series, range));
  return (
    <figure class="chart" style={{ margin: 0 }}>
      <figcaption>
        {props.title}
        <span class="legend">
          {props.series.map((series) => (
            <span key={series.label} class="legend-item" data-testid="chart-legend">
              <span class={`legend-swatch ${series.className ?? ""}`} /> {series.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={props.title}>
        <line class="axis" x1={LEFT} y1={TOP} x2={LEFT} y2={bottom} />
        <line class="axis" x1={LEFT} y1={bottom} x2={WIDTH - RIGHT} y2={bottom} />
        {all.length === 0 ? (
          // Axis labels of "0 µs" over "0" read as a measurement; there is none yet.
          <text
            class="tick"
            x={(LEFT + WIDTH - RIGHT) / 2}
            y={(TOP + bottom) / 2}
            text-anchor="middle"
            data-testid="chart-no-data"
          >
            no data
          </text>
        ) : (
          <>
            {/* All zero: the top of the axis is 0 too, said once, at the bottom. */}
            {max > 0 && (
              <text class="tick" x={LEFT - 4} y={TOP + 8} text-anchor="end">
                {props.format(max)}
              </text>
            )}
            <text class="tick" x={LEFT - 4} y={bottom} text-anchor="end">
              0
            </text>
            <text class="tick" x={LEFT} y={HEIGHT - 4} text-anchor="start">
              {formatClock(props.from).slice(0, 8)}
            </text>
            <text class="tick" x={WIDTH - RIGHT} y={HEIGHT - 4} text-anchor="end">
              {formatClock(props.to).slice(0, 8)}
            </text>
          </>
        )}
        {props.series.map((series, index) =>
          chartLinks(runs[index] ?? []).map((link) => (
            <polyline
              key={`${series.label}:link:${link}`}
              class={`link ${series.className ?? ""}`}
              points={link}
            />
          )),
        )}
        {props.series.map((series, index) =>
          (runs[index] ?? []).map((run) =>
            run.includes(" ") ? (
              <polyline
                key={`${series.label}:${run.slice(0, 16)}`}
                class={`line ${series.className ?? ""}`}
                points={run}
              />
            ) : null,
          ),
        )}
        {/* A run of one point (a second with no neighbour) is a line of no length: invisible, so
            a lone 25 s outage wait scaled the axis and drew nothing. It gets a dot; the first
            series' dots go on top. */}
        {props.series
          .map((series, index) =>
            (runs[index] ?? []).map((run) => {
              if (run.includes(" ")) return null;
              const [cx, cy] = run.split(",");
              return (
                <circle
                  key={`${series.label}:${run}`}
                  class={`dot ${series.className ?? ""}`}
                  cx={cx}
                  cy={cy}
                  r={DOT_RADIUS + DOT_RADIUS_STEP * index}
                >
                  <title>{series.label}</title>
                </circle>
              );
            }),
          )
          .reverse()}
      </svg>
    </figure>
  );
}
