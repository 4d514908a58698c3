import type { JSX } from "preact";

/**
 * A horizontal bar for a share of the largest value, drawn as SVG (sized by attributes, so
 * no style is written into the page). Decorative: the number beside it says the same.
 */
export function Bar(props: { fraction: number }): JSX.Element {
  const width = Math.max(0, Math.min(1, props.fraction)) * 100;
  return (
    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect class="bar-fill" x="0" y="0" width={width.toFixed(2)} height="10" />
    </svg>
  );
}
