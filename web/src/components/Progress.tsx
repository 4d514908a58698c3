import type { JSX } from "preact";
import { useId } from "preact/hooks";

/**
 * A labelled progress bar with its figures in words beside it. Without `max` it is
 * indeterminate: the work has begun but its size is not known yet.
 */
export function Progress(props: {
  label: string;
  value: number;
  max?: number | null;
  text: string;
}): JSX.Element {
  const id = useId();
  const textId = `${id}-text`;
  return (
    <div class="progress">
      <label for={id}>{props.label}</label>
      {props.max ? (
        <progress id={id} value={props.value} max={props.max} aria-describedby={textId} />
      ) : (
        <progress id={id} aria-describedby={textId} />
      )}
      <p id={textId} class="progress-text">
        {props.text}
      </p>
    </div>
  );
}
