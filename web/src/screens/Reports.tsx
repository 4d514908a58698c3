// Reports: the GHG Protocol inventory of a span of months, and a reporting year's CDP (C6,
// C7) and ESRS E1-6 tables, each a CSV file the API makes, downloaded through it. The ESRS
// table is shown here first, read from the very file the download then saves. A reporting
// year is the tenant's: its inventory settings say the month it begins in.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../api/errors";
import { getInventorySettings } from "../api/inventory";
import { inventoryCsv, type ReportFile, type YearReport, yearReportCsv } from "../api/reports";
import { type GwpSet, type InventorySettings } from "../api/types";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { EsrsPreview } from "../components/EsrsPreview";
import { Field, SelectField } from "../components/Field";
import { describeError } from "../describe-error";
import { esrsTable, type EsrsTable } from "../esrs-table";
import { formatMonth, locale, type MessageKey, t, useLocale } from "../i18n";
import { lastCompleteReportingYear, type MonthRange, reportingYear } from "../months";
import { saveFile } from "../save-file";
import { useLoad } from "../use-load";
import { gwpOptions } from "../gwp-options";

type Report = "inventory" | YearReport;

const REPORTS: readonly { report: Report; name: MessageKey; about: MessageKey }[] = [
  { report: "inventory", name: "reports.kindInventory", about: "reports.kindInventoryAbout" },
  { report: "cdp", name: "reports.kindCdp", about: "reports.kindCdpAbout" },
  { report: "esrs-e1-6", name: "reports.kindEsrs", about: "reports.kindEsrsAbout" },
];

// The query fields each report takes, as the API names them in a refusal.
const FIELDS: Readonly<Record<Report, readonly string[]>> = {
  inventory: ["from", "to", "base_year", "gwp"],
  cdp: ["year", "gwp"],
  "esrs-e1-6": ["year", "gwp"],
};

const YEAR = /^[1-9]\d{3}$/;

/** What reporting year `year` covers for the tenant, in words; null for a year not typed whole. */
export function yearWords(year: string, settings: InventorySettings | null): string | null {
  if (!YEAR.test(year)) return null;
  const startMonth = settings?.reporting_year_start_month ?? 1;
  const { from, to } = reportingYear(Number(year), startMonth);
  const span = { year, from: formatMonth(from), to: formatMonth(to) };
  if (startMonth === 1) return t("reports.yearCalendar", span);
  const month = new Intl.DateTimeFormat(locale(), { month: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(2000, startMonth - 1, 1)),
  );
  return t("reports.yearCovers", { ...span, month });
}

export function Reports(): JSX.Element {
  useLocale();
  const settings = useLoad(getInventorySettings);
  const ready = settings.value !== null || settings.error !== null;
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t("reports.title")}</h1>
      <p class="lead">{t("reports.intro")}</p>
      {settings.error !== null && (
        <ErrorBanner
          message={t("reports.settingsUnread", { reason: describeError(settings.error) })}
          onRetry={settings.reload}
        />
      )}
      {ready ? (
        // Settings that arrive on a retry start the form again from them.
        <ReportForm key={settings.value ? "tenant" : "calendar"} settings={settings.value} />
      ) : (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
    </section>
  );
}

/** The ESRS table shown, with the file it was read from and the year asked for. */
interface Shown {
  readonly table: EsrsTable;
  readonly file: ReportFile;
  readonly year: string;
}

function ReportForm(props: { settings: InventorySettings | null }): JSX.Element {
  const { settings } = props;
  const startMonth = settings?.reporting_year_start_month ?? 1;
  const [report, setReport] = useState<Report>("inventory");
  const [year, setYear] = useState(() => String(lastCompleteReportingYear(startMonth)));
  const [range, setRange] = useState<MonthRange>(() => reportingYear(Number(year), startMonth));
  const [baseYear, setBaseYear] = useState(() =>
    String(settings?.base_year ?? range.from.slice(0, 4)),
  );
  const [gwp, setGwp] = useState<GwpSet>("AR5");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  const named = error instanceof ApiError ? error.fields : {};
  const atField = (field: string): string | null => named[field] ?? null;
  const elsewhere = error !== null && !FIELDS[report].some((field) => field in named);

  /** A change of what is asked for: what was shown or said of the last one goes. */
  const changed = (): void => {
    setError(null);
    setSaved(null);
    setShown(null);
  };

  const save = (file: ReportFile): void => {
    saveFile(file.blob, file.filename);
    setSaved(file.filename);
  };

  const fetched = async (): Promise<void> => {
    if (report === "inventory") return save(await inventoryCsv(range, gwp, baseYear.trim()));
    const asked = year.trim();
    const file = await yearReportCsv(report, asked, gwp);
    if (report === "cdp") return save(file);
    setShown({ table: esrsTable(await file.blob.text()), file, year: asked });
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    changed();
    fetched().then(
      () => setBusy(false),
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  const coverage = yearWords(year.trim(), settings);
  const tenantBaseYear = settings?.base_year ?? null;
  return (
    <>
      <form class="report-form" onSubmit={submit}>
        {elsewhere && <ErrorBanner message={describeError(error)} />}
        {saved && <Notice message={t("reports.saved", { file: saved })} />}
        <fieldset class="report-choice">
          <legend>{t("reports.choice")}</legend>
          {REPORTS.map((each) => (
            <div key={each.report} class="field field-check">
              <input
                id={`report-${each.report}`}
                type="radio"
                name="report"
                value={each.report}
                checked={report === each.report}
                aria-describedby={`report-${each.report}-about`}
                onChange={() => {
                  setReport(each.report);
                  changed();
                }}
              />
              <label for={`report-${each.report}`}>{t(each.name)}</label>
              <p id={`report-${each.report}-about`} class="field-hint">
                {t(each.about)}
              </p>
            </div>
          ))}
        </fieldset>
        <div class="filters">
          {report === "inventory" ? (
            <>
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
                hint={
                  tenantBaseYear === null
                    ? t("reports.baseYearHint")
                    : t("reports.baseYearTenant", { year: tenantBaseYear })
                }
                error={atField("base_year")}
              />
            </>
          ) : (
            <Field
              label={t("reports.year")}
              type="number"
              name="year"
              inputMode="numeric"
              value={year}
              onInput={(value) => {
                setYear(value);
                changed();
              }}
              {...(coverage === null ? {} : { hint: coverage })}
              error={atField("year")}
              required
            />
          )}
          <SelectField
            label={t("reports.gwp")}
            name="gwp"
            value={gwp}
            options={gwpOptions()}
            onChange={(value) => {
              setGwp(value as GwpSet);
              changed();
            }}
            error={atField("gwp")}
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy
            ? t("reports.working")
            : report === "esrs-e1-6"
              ? t("reports.show")
              : t("reports.download")}
        </button>
      </form>
      {shown && (
        <EsrsPreview table={shown.table} year={shown.year} onDownload={() => save(shown.file)} />
      )}
    </>
  );
}
