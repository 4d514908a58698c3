import type { JSX } from "preact";
import { useId } from "preact/hooks";

/** A labelled input (a text area when given `rows`) with its error text beside it, tied
 * together for screen readers. */
export function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "email" | "password";
  rows?: number;
  autocomplete?: string;
  inputMode?: "numeric" | "text";
  error?: string | null;
  hint?: string;
  required?: boolean;
  autofocus?: boolean;
  name?: string;
}): JSX.Element {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.hint ? hintId : "", props.error ? errorId : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p id={hintId} class="field-hint">
          {props.hint}
        </p>
      )}
      {props.rows ? (
        <textarea
          id={id}
          name={props.name}
          rows={props.rows}
          value={props.value}
          onInput={(event) => props.onInput(event.currentTarget.value)}
          spellcheck={false}
          required={props.required}
          autofocus={props.autofocus}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
      ) : (
        <input
          id={id}
          name={props.name}
          // Preact types each input type apart; one Field serves three of them.
          type={(props.type ?? "text") as "text"}
          value={props.value}
          onInput={(event) => props.onInput(event.currentTarget.value)}
          autocomplete={props.autocomplete}
          inputMode={props.inputMode}
          required={props.required}
          autofocus={props.autofocus}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
      )}
      {props.error && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
