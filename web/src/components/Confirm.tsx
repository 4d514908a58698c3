// The second step of an action that cannot be undone (remove, revoke, recalculate…): the
// question in words, the action again in red, and a way back that does nothing.
import type { JSX } from "preact";

export function Confirm(props: {
  /** The group's accessible name, e.g. "Confirm removal". */
  readonly label: string;
  /** What will happen, naming what it happens to. */
  readonly question: string;
  /** The action's button, in the words of the button that asked. */
  readonly action: string;
  /** The way back's button ("Keep"…). */
  readonly keep: string;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onKeep: () => void;
}): JSX.Element {
  return (
    <div class="confirm" role="group" aria-label={props.label}>
      <p>{props.question}</p>
      <div class="row-actions">
        <button type="button" class="button-danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.action}
        </button>
        <button type="button" class="button-secondary" onClick={props.onKeep}>
          {props.keep}
        </button>
      </div>
    </div>
  );
}
