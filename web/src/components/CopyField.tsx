import type { JSX } from "preact";
import { useId, useState } from "preact/hooks";
import { t } from "../i18n";

/** A value to hand on (a link, a URL for an identity provider): read-only, selected whole on
 * focus, with a button that copies it. */
export function CopyField(props: { label: string; value: string; hint?: string }): JSX.Element {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    navigator.clipboard.writeText(props.value).then(
      () => setCopied(true),
      () => setCopied(false), // no clipboard here: the value is selected for copying by hand
    );
  };
  return (
    <div class="field copy-field">
      <label for={id}>{props.label}</label>
      {props.hint && <p class="field-hint">{props.hint}</p>}
      <div class="copy-row">
        <input
          id={id}
          type="text"
          readOnly
          value={props.value}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" class="button-secondary" onClick={copy}>
          {copied ? t("copy.done") : t("copy.action")}
        </button>
      </div>
    </div>
  );
}
