// Reports: the GHG Protocol inventory of a span of months as a CSV file, with its base year
// and GWP set, downloaded through the API (the file is made by the server, not here).
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { inventoryCsv } from "../api/emissions";
import { ApiError } from "../api/errors";
import { GWP_SETS, type GwpSet } from "../api/types";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { Field, SelectField } from "../components/Field";
import { describeError } from "../describe-error";
import { t, useLocale } from "../i18n";
import { defaultYear, type MonthRange, yearRange } from "../months";

/** Hands a file to the browser's downloads, as a link with `download` would. */
export function saveFile(blob: Blob, filename: string): void {
  const address = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = address;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(address), 0);
}

const FIELDS = ["from", "to", "base_year", "gwp"] as const;
type FieldName = (typeof FIELDS)[number];

export function Reports(): JSX.Element {
  useLocale();
  const [range, setRange] = useState<MonthRange>(yearRange(defaultYear()));
  const [baseYear, setBaseYear] = useState(String(defaultYear()));
  const [gwp, setGwp] = useState<GwpSet>("AR5");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const named = error instanceof ApiError ? Object.keys(error.fields) : [];
  const atField = (field: FieldName): string | null =>
    named.includes(field) ? ((error as ApiError).fields[field] ?? null) : null;
  const elsewhere = error !== null && !FIELDS.some((field) => named.includes(field));

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    inventoryCsv(range, gwp, baseYear.trim()).then(
      ({ blob, filename }) => {
        saveFile(blob, filename);
        setSaved(filename);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t("reports.title")}</h1>
      <p class="lead">{t("reports.intro")}</p>
      <form class="report-form" onSubmit={submit}>
        {elsewhere && <ErrorBanner message={describeError(error)} />}
        {saved && <Notice message={t("reports.saved", { file: saved })} />}
        <div class="filters">
          <Field
            label={t("reports.from")}
            type="month"
            name="from"
            value={range.from}
            onInput={(from) => setRange({ ...range, from })}
            error={atField("from")}
            required
          />
          <Field
            label={t("reports.to")}
            type="month"
            name="to"
            value={range.to}
            onInput={(to) => setRange({ ...range, to })}
            error={atField("to")}
            required
          />
          <Field
            label={t("reports.baseYear")}
            type="number"
            name="base_year"
            inputMode="numeric"
            value={baseYear}
            onInput={setBaseYear}
            hint={t("reports.baseYearHint")}
            error={atField("base_year")}
          />
          <SelectField
            label={t("reports.gwp")}
            name="gwp"
            value={gwp}
            options={GWP_SETS.map((set) => ({
              value: set,
              label: t("dashboard.gwpOption", { set }),
            }))}
            onChange={(value) => setGwp(value as GwpSet)}
            error={atField("gwp")}
          />
        </div>
        <p class="field-hint">{t("reports.contents")}</p>
        <button type="submit" disabled={busy}>
          {busy ? t("reports.working") : t("reports.download")}
        </button>
      </form>
    </section>
  );
}
