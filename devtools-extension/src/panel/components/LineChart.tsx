/** One line of a chart: its values (null for gaps) and its CSS class. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  className?: string;
}

const WIDTH = 300;
const HEIGHT = 100;
const PAD = 14;

/**
 * A small SVG line chart with no library: a few polylines over the same x axis, the y axis
 * from 0 to the largest value, and the top value as a label.
 */
export function LineChart(props: {
  title: string;
  series: ChartSeries[];
  format: (value: number) => string;
}) {
  const all = props.series.flatMap((s) =>
    s.values.filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const max = Math.max(0, ...all);
  const points = Math.max(0, ...props.series.map((s) => s.values.length));
  const x = (i: number) => PAD + (points <= 1 ? 0 : (i / (points - 1)) * (WIDTH - 2 * PAD));
  const y = (v: number) => HEIGHT - PAD - (max === 0 ? 0 : (v / max) * (HEIGHT - 2 * PAD));
  return (
    <figure class="chart" style={{ margin: 0 }}>
      <figcaption>
        {props.title}
        {props.series.length > 1 && (
          <span class="kind"> ({props.series.map((s) => s.label).join(", ")})</span>
        )}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={props.title}
      >
        <text x={2} y={10}>
          {props.format(max)}
        </text>
        <text x={2} y={HEIGHT - 2}>
          0
        </text>
        {props.series.map((series) => {
          // Split at gaps so a missing bucket is not drawn as a slope.
          const runs: string[] = [];
          let current: string[] = [];
          series.values.forEach((value, i) => {
            if (value === null || !Number.isFinite(value)) {
              if (current.length > 0) runs.push(current.join(" "));
              current = [];
            } else current.push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
          });
          if (current.length > 0) runs.push(current.join(" "));
          return runs.map((run) => (
            <polyline
              key={`${series.label}:${run.slice(0, 16)}`}
              class={`line ${series.className ?? ""}`}
              points={run}
            />
          ));
        })}
      </svg>
    </figure>
  );
}
