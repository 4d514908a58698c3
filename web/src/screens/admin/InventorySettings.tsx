// Administration › Inventory settings: the base year, the month a reporting year begins, the
// consolidation approach and the recalculation threshold. A save says what it changed (and
// whether it took a snapshot of the base year); a refusal goes beside the field it names.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { getInventorySettings, saveInventorySettings } from "../../api/inventory";
import {
  CONSOLIDATIONS,
  type Consolidation,
  DEFAULT_RECALCULATION_THRESHOLD_PCT,
  type InventorySettings as Settings,
  type InventorySettingsRequest,
} from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Field, SelectField } from "../../components/Field";
import { describeError, type FieldLabels } from "../../describe-error";
import { formatMonth, locale, type MessageKey, t } from "../../i18n";
import { percentText, typedNumber } from "../../inventory-words";
import { useLoad } from "../../use-load";

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

const CONSOLIDATION_WORDS: Readonly<Record<Consolidation, readonly [MessageKey, MessageKey]>> = {
  operational: ["inventorySettings.operational", "inventorySettings.operationalHint"],
  financial: ["inventorySettings.financial", "inventorySettings.financialHint"],
  equity: ["inventorySettings.equity", "inventorySettings.equityHint"],
};

/** A month of the year by name, as the reader's language writes it ("April", "4月"). */
export function monthName(month: number): string {
  return new Intl.DateTimeFormat(locale(), { month: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(2000, month - 1, 1)),
  );
}

function consolidationName(value: Consolidation | null): string {
  return value === null ? t("inventorySettings.notSet") : t(CONSOLIDATION_WORDS[value][0]);
}

/** What a save changed, one line a setting, in the reader's language. */
export function changesMade(before: Settings, after: Settings): string[] {
  const shown: readonly [MessageKey, string, string][] = [
    ["inventorySettings.baseYear", String(before.base_year), String(after.base_year)],
    [
      "inventorySettings.startMonth",
      monthName(before.reporting_year_start_month),
      monthName(after.reporting_year_start_month),
    ],
    [
      "inventorySettings.consolidation",
      consolidationName(before.consolidation),
      consolidationName(after.consolidation),
    ],
    [
      "inventorySettings.threshold",
      percentText(before.recalculation_threshold_pct),
      percentText(after.recalculation_threshold_pct),
    ],
  ];
  // A first save sets every setting: each is listed with the value it now has.
  if (!before.configured) {
    return shown.map(([label, , now]) => t("inventorySettings.setTo", { field: t(label), now }));
  }
  return shown
    .filter(([, was, now]) => was !== now)
    .map(([label, was, now]) => t("inventorySettings.changed", { field: t(label), was, now }));
}

export function InventorySettings(): JSX.Element {
  const { value: settings, error, setValue, reload } = useLoad(getInventorySettings);
  return (
    <section class="admin" aria-labelledby="inventory-settings-title">
      <AdminNav />
      <h1 id="inventory-settings-title">{t("inventorySettings.title")}</h1>
      <p class="lead">{t("inventorySettings.intro")}</p>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && settings === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {settings && <SettingsForm settings={settings} onSaved={setValue} />}
    </section>
  );
}

function SettingsForm(props: {
  settings: Settings;
  onSaved: (settings: Settings) => void;
}): JSX.Element {
  const { settings } = props;
  const [baseYear, setBaseYear] = useState(settings.base_year?.toString() ?? "");
  const [startMonth, setStartMonth] = useState(String(settings.reporting_year_start_month));
  const [consolidation, setConsolidation] = useState<Consolidation | null>(settings.consolidation);
  const [threshold, setThreshold] = useState(String(settings.recalculation_threshold_pct));
  const [busy, setBusy] = useState(false);
  // The refusal itself, worded at each render, so a change of language rewords it.
  const [refusal, setRefusal] = useState<unknown>(null);
  const [saved, setSaved] = useState<{ before: Settings; after: Settings } | null>(null);

  const labels: FieldLabels = {
    base_year: t("inventorySettings.baseYear"),
    reporting_year_start_month: t("inventorySettings.startMonth"),
    consolidation: t("inventorySettings.consolidation"),
    recalculation_threshold_pct: t("inventorySettings.threshold"),
  };
  const fields = refusal instanceof ApiError ? refusal.fields : {};
  const placed = Object.keys(fields).some((name) => name in labels);

  const save = (event: Event): void => {
    event.preventDefault();
    const request: InventorySettingsRequest = {
      base_year: typedNumber(baseYear),
      reporting_year_start_month: Number(startMonth),
      consolidation,
      recalculation_threshold_pct: typedNumber(threshold),
    };
    setBusy(true);
    setRefusal(null);
    setSaved(null);
    saveInventorySettings(request)
      .then(
        (stored) => {
          setSaved({ before: settings, after: stored });
          props.onSaved(stored);
        },
        (failure: unknown) => setRefusal(failure),
      )
      .finally(() => setBusy(false));
  };

  const consolidationError = fields["consolidation"];
  return (
    <form class="admin-panel" onSubmit={save} data-testid="inventory-settings">
      {!settings.configured && <p class="banner banner-info">{t("inventorySettings.notYet")}</p>}
      {saved && <SavedNotice before={saved.before} after={saved.after} />}
      {refusal !== null && !placed && <ErrorBanner message={describeError(refusal, labels)} />}
      <Field
        label={t("inventorySettings.baseYear")}
        hint={t("inventorySettings.baseYearHint")}
        name="base_year"
        inputMode="numeric"
        autocomplete="off"
        value={baseYear}
        onInput={setBaseYear}
        error={fields["base_year"]}
      />
      <SelectField
        label={t("inventorySettings.startMonth")}
        name="reporting_year_start_month"
        value={startMonth}
        options={MONTHS.map((month) => ({ value: String(month), label: monthName(month) }))}
        onChange={setStartMonth}
        error={fields["reporting_year_start_month"]}
      />
      <p class="field-hint">{t("inventorySettings.startMonthHint")}</p>
      <fieldset
        class={consolidationError ? "choices field-invalid" : "choices"}
        aria-describedby="consolidation-hint"
      >
        <legend>{t("inventorySettings.consolidation")}</legend>
        <p class="field-hint" id="consolidation-hint">
          {t("inventorySettings.consolidationHint")}
        </p>
        {CONSOLIDATIONS.map((choice) => (
          <div class="admin-check" key={choice}>
            <input
              id={`consolidation-${choice}`}
              type="radio"
              name="consolidation"
              value={choice}
              checked={consolidation === choice}
              aria-describedby={`consolidation-${choice}-hint`}
              onChange={() => setConsolidation(choice)}
            />
            <label for={`consolidation-${choice}`}>{t(CONSOLIDATION_WORDS[choice][0])}</label>
            <p class="field-hint" id={`consolidation-${choice}-hint`}>
              {t(CONSOLIDATION_WORDS[choice][1])}
            </p>
          </div>
        ))}
        {consolidationError && <p class="field-error">{consolidationError}</p>}
      </fieldset>
      <Field
        label={t("inventorySettings.threshold")}
        hint={t("inventorySettings.thresholdHint", {
          default: percentText(DEFAULT_RECALCULATION_THRESHOLD_PCT),
        })}
        name="recalculation_threshold_pct"
        inputMode="decimal"
        autocomplete="off"
        value={threshold}
        onInput={setThreshold}
        error={fields["recalculation_threshold_pct"]}
      />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("inventorySettings.save")}
        </button>
      </div>
    </form>
  );
}

function SavedNotice(props: { before: Settings; after: Settings }): JSX.Element {
  const changes = changesMade(props.before, props.after);
  const { base_year_from: from, base_year_to: to } = props.after;
  return (
    <div class="banner banner-info changes" role="status" data-testid="saved">
      <p>{changes.length > 0 ? t("inventorySettings.saved") : t("inventorySettings.unchanged")}</p>
      {changes.length > 0 && (
        <ul>
          {changes.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      )}
      {props.after.snapshot_taken && from && to && (
        <p>
          {t("inventorySettings.snapshotTaken", {
            year: String(props.after.base_year),
            from: formatMonth(from),
            to: formatMonth(to),
          })}
        </p>
      )}
    </div>
  );
}
