// uPlot, loaded only when a chart is drawn (it is not in the first load's script). uPlot sets
// its sizes and positions through element.style from script, which the CSP allows; its own
// stylesheet comes as a file with this chunk.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface TrendSeries {
  readonly label: string;
  /** A CSS custom property of styles.css holding the series' colour (`--scope-1`). */
  readonly colour: string;
  /** One value a label; null where there is none (nothing is drawn there). */
  readonly values: readonly (number | null)[];
  /** Drawn as a line over the bars, outside their stack (a target's pathway, say). */
  readonly line?: boolean;
}

export interface TrendPlot {
  resize(width: number): void;
  destroy(): void;
}

const HEIGHT = 280;

/**
 * Bars stacked by series: each series is drawn as the running total up to it, the tallest
 * first, so the one before shows in front of it. A `line` series is drawn over them as it is.
 */
export function drawTrend(
  target: HTMLElement,
  labels: readonly string[],
  series: readonly TrendSeries[],
  formatValue: (value: number) => string,
): TrendPlot {
  const styles = getComputedStyle(document.documentElement);
  const colourOf = (one: TrendSeries | undefined): string =>
    styles.getPropertyValue(one?.colour ?? "").trim() || "#555";
  const barred = series.filter((one) => !one.line);
  const lines = series.filter((one) => one.line);
  const stacked: number[][] = [];
  let running = labels.map(() => 0);
  for (const one of barred) {
    running = running.map((sum, index) => sum + (one.values[index] ?? 0));
    stacked.push(running);
  }
  const order = barred.map((_, index) => index).reverse();
  const bars = uPlot.paths.bars?.({ size: [0.6, 64] });
  const plot = new uPlot(
    {
      width: Math.max(target.clientWidth, 320),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: [-0.5, labels.length - 0.5] },
        // Bars start at zero: an axis from the smallest month up would exaggerate the change.
        y: { range: (_plot, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
      },
      axes: [
        {
          splits: () => labels.map((_, index) => index),
          values: (_, splits) => splits.map((index) => labels[index] ?? ""),
          grid: { show: false },
        },
        { values: (_, splits) => splits.map(formatValue), size: 70 },
      ],
      series: [
        {},
        ...order.map((index) => {
          const colour = colourOf(barred[index]);
          return {
            label: barred[index]?.label ?? "",
            stroke: colour,
            fill: colour,
            width: 0,
            ...(bars ? { paths: bars } : {}),
            points: { show: false },
          };
        }),
        ...lines.map((one) => ({
          label: one.label,
          stroke: colourOf(one),
          width: 2,
          points: { show: true, size: 6, fill: colourOf(one) },
        })),
      ],
    },
    [
      labels.map((_, index) => index),
      ...order.map((index) => stacked[index] ?? []),
      ...lines.map((one) => [...one.values]),
    ],
    target,
  );
  return {
    resize: (width) => plot.setSize({ width: Math.max(width, 320), height: HEIGHT }),
    destroy: () => plot.destroy(),
  };
}
