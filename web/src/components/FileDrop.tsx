import type { JSX } from "preact";
import { useId, useState } from "preact/hooks";

/**
 * A file picker that also takes a file dropped onto it. The picker is a real file input, so
 * the keyboard and screen readers reach it as they reach any other; dropping is the extra.
 */
export function FileDrop(props: {
  label: string;
  hint: string;
  accept: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}): JSX.Element {
  const id = useId();
  const hintId = `${id}-hint`;
  const [over, setOver] = useState(false);
  const take = (files: FileList | null | undefined): void => {
    const file = files?.[0];
    if (file && !props.disabled) props.onFile(file);
  };
  return (
    <div
      class={over ? "file-drop file-drop-over" : "file-drop"}
      data-testid="file-drop"
      onDragOver={(event) => {
        event.preventDefault(); // without it, the browser opens the dropped file itself
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        take(event.dataTransfer?.files);
      }}
    >
      <label for={id}>{props.label}</label>
      <p id={hintId} class="field-hint">
        {props.hint}
      </p>
      <input
        id={id}
        type="file"
        accept={props.accept}
        disabled={props.disabled}
        aria-describedby={hintId}
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = ""; // the same file chosen again is a new choice
        }}
      />
    </div>
  );
}
