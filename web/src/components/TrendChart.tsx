import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import type { TrendSeries } from "./trend-plot";

/**
 * A chart of bars stacked by series, month by month (or year by year), with any `line`
 * series drawn over them, by uPlot on a canvas. The canvas is a picture for the eye: the same
 * figures are in the table the caller puts beside it.
 */
export function TrendChart(props: {
  labels: readonly string[];
  series: readonly TrendSeries[];
  formatValue: (value: number) => string;
}): JSX.Element {
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let stopped = false;
    let cleanup = (): void => undefined;
    import("./trend-plot").then(
      ({ drawTrend }) => {
        if (stopped) return;
        const plot = drawTrend(element, props.labels, props.series, props.formatValue);
        const observer = new ResizeObserver(() => plot.resize(element.clientWidth));
        observer.observe(element);
        cleanup = () => {
          observer.disconnect();
          plot.destroy();
        };
      },
      () => setFailed(true),
    );
    return () => {
      stopped = true;
      cleanup();
    };
  }, [props.labels, props.series, props.formatValue]);
  return (
    <div class="trend">
      <ul class="trend-legend" aria-hidden="true">
        {props.series.map((one, index) => (
          <li key={one.label}>
            <span class={`swatch swatch-${index + 1}`} />
            {one.label}
          </li>
        ))}
      </ul>
      <div class="trend-plot" ref={target} aria-hidden="true" data-testid="trend-chart" />
      {failed && <p class="field-hint">{t("dashboard.chartUnavailable")}</p>}
    </div>
  );
}
