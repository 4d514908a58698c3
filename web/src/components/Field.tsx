import type { JSX } from "preact";
import { useId } from "preact/hooks";

/** The ids that tie a control to its hint and error text, for screen readers. */
function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A labelled input (a text area when given `rows`) with its error text beside it, tied
 * together for screen readers. */
export function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "email" | "password" | "number" | "month";
  min?: number;
  max?: number;
  rows?: number;
  autocomplete?: string;
  inputMode?: "numeric" | "decimal" | "text";
  error?: string | null | undefined;
  hint?: string;
  required?: boolean;
  autofocus?: boolean;
  name?: string;
}): JSX.Element {
  const id = useId();
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p id={`${id}-hint`} class="field-hint">
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
          aria-describedby={describedBy(id, props.hint, props.error)}
        />
      ) : (
        <input
          id={id}
          name={props.name}
          // Preact types each input type apart; one Field serves five of them.
          type={(props.type ?? "text") as "text"}
          value={props.value}
          onInput={(event) => props.onInput(event.currentTarget.value)}
          autocomplete={props.autocomplete}
          inputMode={props.inputMode}
          min={props.min}
          max={props.max}
          required={props.required}
          autofocus={props.autofocus}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(id, props.hint, props.error)}
        />
      )}
      {props.error && (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A labelled choice among options, with its error text beside it (as `Field`). */
export function SelectField(props: {
  label: string;
  value: string;
  options: readonly { readonly value: string; readonly label: string }[];
  onChange: (value: string) => void;
  error?: string | null | undefined;
  name?: string;
}): JSX.Element {
  const id = useId();
  return (
    <div class={props.error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, undefined, props.error)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
