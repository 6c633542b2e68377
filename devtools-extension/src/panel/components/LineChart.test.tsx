import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { formatDuration } from "../format";
import { chartLinks, chartRuns, LineChart } from "./LineChart";

afterEach(cleanup);

const t0 = 1_700_000_000_000;

describe("LineChart", () => {
  it("places points by wall-clock time and breaks the line over idle seconds", () => {
    const series = {
      label: "p50",
      points: [
        { at: t0, value: 10 },
        { at: t0 + 1_000, value: 10 },
        { at: t0 + 9_000, value: 10 },
      ],
    };
    const runs = chartRuns(series, { from: t0, to: t0 + 10_000, max: 10, gapMs: 1_000 });
    expect(runs).toHaveLength(2);
    const xs = runs.flatMap((run) => run.split(" ").map((p) => Number(p.split(",")[0])));
    // 1 s and 9 s into a 10 s range: x grows with time, not with the number of points.
    expect((xs[1] as number) - (xs[0] as number)).toBeCloseTo(
      ((xs[2] as number) - (xs[0] as number)) / 9,
      1,
    );
  });

  it("never stretches its text, and names p50 and p95 in a legend", () => {
    const { container, getAllByTestId } = render(
      <LineChart
        title="Latency"
        series={[
          { label: "p50", points: [{ at: t0, value: 5 }] },
          { label: "p95", points: [{ at: t0, value: 9 }], className: "second" },
        ]}
        from={t0}
        to={t0 + 1_000}
        gapMs={1_000}
        format={formatDuration}
      />,
    );
    expect(container.querySelector("svg")?.getAttribute("preserveAspectRatio")).toBeNull();
    expect(getAllByTestId("chart-legend").map((item) => item.textContent?.trim())).toEqual([
      "p50",
      "p95",
    ]);
    expect(container.querySelectorAll("line.axis")).toHaveLength(2);
  });

  it("draws a visible dot for a second with no neighbour, and a line between neighbours", () => {
    const { container } = render(
      <LineChart
        title="Latency"
        series={[
          {
            label: "p95",
            points: [
              { at: t0, value: 25_600 },
              { at: t0 + 60_000, value: 12 },
              { at: t0 + 61_000, value: 14 },
            ],
            className: "second",
          },
        ]}
        from={t0}
        to={t0 + 62_000}
        gapMs={1_000}
        format={formatDuration}
      />,
    );
    const dots = container.querySelectorAll("circle.dot.second");
    expect(dots).toHaveLength(1);
    expect(Number(dots[0]?.getAttribute("r"))).toBeGreaterThan(1);
    // The 25.6 s point is the top of the chart, at its left edge.
    expect(Number(dots[0]?.getAttribute("cy"))).toBeCloseTo(8, 0);
    expect(container.querySelectorAll("polyline.line")).toHaveLength(1);
  });

  it("links the runs across idle seconds with a faint line, so lone seconds read as one series", () => {
    const runs = ["10,5 20,6", "40,7", "60,8 70,9"];
    expect(chartLinks(runs)).toEqual(["20,6 40,7", "40,7 60,8"]);
    expect(chartLinks(["10,5"])).toEqual([]);
    const { container } = render(
      <LineChart
        title="Latency"
        series={[
          {
            label: "p50",
            points: [
              { at: t0, value: 5 },
              { at: t0 + 5_000, value: 6 },
              { at: t0 + 9_000, value: 7 },
            ],
          },
        ]}
        from={t0}
        to={t0 + 10_000}
        gapMs={1_000}
        format={formatDuration}
      />,
    );
    expect(container.querySelectorAll("circle.dot")).toHaveLength(3);
    expect(container.querySelectorAll("polyline.link")).toHaveLength(2);
  });

  it("shows p50's dot inside p95's when one call makes them equal", () => {
    const { container } = render(
      <LineChart
        title="Latency"
        series={[
          { label: "p50", points: [{ at: t0, value: 9 }] },
          { label: "p95", points: [{ at: t0, value: 9 }], className: "second" },
        ]}
        from={t0}
        to={t0 + 1_000}
        gapMs={1_000}
        format={formatDuration}
      />,
    );
    const dots = [...container.querySelectorAll("circle.dot")];
    // Drawn last is on top: p50, the smaller.
    expect(dots.map((dot) => dot.textContent)).toEqual(["p95", "p50"]);
    expect(Number(dots[0]?.getAttribute("r"))).toBeGreaterThan(Number(dots[1]?.getAttribute("r")));
  });

  it("says no data instead of labelling an empty axis 0 µs", () => {
    const { container, getByTestId } = render(
      <LineChart
        title="Latency"
        series={[{ label: "p50", points: [] }]}
        from={0}
        to={1_000}
        gapMs={1_000}
        format={formatDuration}
      />,
    );
    expect(getByTestId("chart-no-data").textContent).toBe("no data");
    expect(container.querySelector("svg")?.textContent).not.toContain("µs");
  });

  it("labels an axis of all zeros once, not 0% over 0", () => {
    const { container } = render(
      <LineChart
        title="Error rate"
        series={[{ label: "errors", points: [{ at: t0, value: 0 }] }]}
        from={t0}
        to={t0 + 1_000}
        gapMs={1_000}
        format={(v) => `${v * 100}%`}
      />,
    );
    const ticks = [...container.querySelectorAll("text.tick")].map((t) => t.textContent);
    expect(ticks).not.toContain("0%");
    expect(ticks).toContain("0");
  });
});
