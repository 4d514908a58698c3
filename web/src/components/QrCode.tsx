import type { JSX } from "preact";
import { encode } from "uqr";

/** A QR code drawn in the browser as SVG: the secret it holds never leaves the page. */
export function QrCode(props: { text: string; label: string }): JSX.Element {
  const { data, size } = encode(props.text, { ecc: "M", border: 2 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${size} ${size}`}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
