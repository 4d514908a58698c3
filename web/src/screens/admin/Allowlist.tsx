// The IP allowlist: the networks the tenant's people may call from, one per line. The API
// refuses a list that would shut out the admin saving it; that refusal names their address,
// which this screen offers to add.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { getSettings, saveSettings } from "../../api/tenant";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { describeError } from "../../describe-error";
import { t } from "../../i18n";
import { useLoad } from "../../use-load";

/** The networks written one per line, blank lines left out. */
export function networksOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The one network that is exactly `address`. */
export function hostNetwork(address: string): string {
  return address.includes(":") ? `${address}/128` : `${address}/32`;
}

export type AllowlistProblem =
  | { readonly kind: "lockout"; readonly address: string }
  | { readonly kind: "entry"; readonly line: number; readonly message: string }
  | { readonly kind: "other"; readonly message: string };

/** What a refusal of the list says, placed: the lockout, or the entry (by its line) at fault. */
export function allowlistProblem(error: unknown): AllowlistProblem {
  if (error instanceof ApiError && error.status === 400) {
    const address = error.details["your_address"];
    if (typeof address === "string") return { kind: "lockout", address };
    for (const [field, message] of Object.entries(error.fields)) {
      const entry = /^ip_allowlist\.(\d+)$/.exec(field);
      if (entry) return { kind: "entry", line: Number(entry[1]) + 1, message };
      if (field === "ip_allowlist") return { kind: "other", message };
    }
  }
  return { kind: "other", message: describeError(error) };
}

export function Allowlist(): JSX.Element {
  const [text, setText] = useState("");
  const {
    value: settings,
    error,
    setValue: setSettings,
    reload,
  } = useLoad(getSettings, [], (read) => setText(read.ip_allowlist.join("\n")));
  const [busy, setBusy] = useState(false);
  // The refusal itself, worded at each render, so a change of language rewords it.
  const [refusal, setRefusal] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const save = (event: Event): void => {
    event.preventDefault();
    if (!settings) return;
    setBusy(true);
    setRefusal(null);
    setSaved(false);
    saveSettings({ ...settings, ip_allowlist: networksOf(text) })
      .then(
        (stored) => {
          setSettings(stored);
          setText(stored.ip_allowlist.join("\n"));
          setSaved(true);
        },
        (failure: unknown) => setRefusal(failure),
      )
      .finally(() => setBusy(false));
  };

  const problem = refusal === null ? null : allowlistProblem(refusal);
  let fieldError: string | null = null;
  if (problem?.kind === "lockout")
    fieldError = t("allowlist.lockout", { address: problem.address });
  if (problem?.kind === "entry") {
    fieldError = t("allowlist.entryRefused", { line: problem.line, message: problem.message });
  }

  return (
    <section class="admin" aria-labelledby="allowlist-title">
      <AdminNav />
      <h1 id="allowlist-title">{t("allowlist.title")}</h1>
      <p class="lead">{t("allowlist.intro")}</p>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && settings === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {settings && (
        <form class="admin-panel" onSubmit={save}>
          {saved && (
            <Notice
              message={
                settings.ip_allowlist.length === 0 ? t("allowlist.savedOpen") : t("allowlist.saved")
              }
            />
          )}
          {problem?.kind === "other" && <ErrorBanner message={problem.message} />}
          <Field
            label={t("allowlist.networks")}
            hint={t("allowlist.hint")}
            name="ip_allowlist"
            rows={6}
            value={text}
            onInput={(value) => {
              setText(value);
              setSaved(false);
            }}
            error={fieldError}
          />
          <div class="actions">
            <button type="submit" disabled={busy}>
              {t("allowlist.save")}
            </button>
            {problem?.kind === "lockout" && (
              <button
                type="button"
                class="button-secondary"
                onClick={() => {
                  setText([...networksOf(text), hostNetwork(problem.address)].join("\n"));
                  setRefusal(null);
                }}
              >
                {t("allowlist.addMine", { address: problem.address })}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
