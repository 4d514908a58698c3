// Reduction targets: each target's terms and its progress along the linear pathway from its
// base year (year by year, the actual published totals and the gap), with whether the latest
// year with data is on track said in words. The roles the API lets set and delete targets
// see the form and the delete action; the others are told why they do not.
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { ApiError } from "../api/errors";
import { createTarget, deleteTarget, listTargets, targetProgress } from "../api/targets";
import {
  type GwpSet,
  type Role,
  type Scope2Method,
  type Target,
  TARGET_SCOPES,
  type TargetProgress,
  type TargetScope,
  type TargetYear,
} from "../api/types";
import { ErrorBanner } from "../components/ErrorBanner";
import { Field, SelectField } from "../components/Field";
import { type Column, Table } from "../components/Table";
import { TrendChart } from "../components/TrendChart";
import type { TrendSeries } from "../components/trend-plot";
import { percentText, scope2MethodName, typedNumber } from "../inventory-words";
import { describeError, type FieldLabels } from "../describe-error";
import { formatNumber, locale, type MessageKey, t, useLocale } from "../i18n";
import { useMe } from "../session";
import { useLoad } from "../use-load";
import { Confirm } from "../components/Confirm";
import { gwpOptions } from "../gwp-options";

// The roles of POST and DELETE /v1/targets (x-footprint-roles in the OpenAPI document).
const TARGET_SETTERS: readonly Role[] = ["admin"];

const SCOPE_NAMES: Readonly<Record<TargetScope, MessageKey>> = {
  1: "dashboard.scope1",
  2: "targets.scope2",
  3: "dashboard.scope3",
};

const tonnes = (kg: number): string => formatNumber(kg / 1000);

/** A gap in t, with its sign (+ above the pathway, - below it). */
export function signedTonnes(kg: number): string {
  return new Intl.NumberFormat(locale(), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(kg / 1000);
}

/** A target's terms in words: how much less by when, the scopes it covers, and how Scope 2
 * counts where it is one of them. */
export function termsWords(target: Target): string {
  const scopes = new Intl.ListFormat(locale(), { type: "conjunction" }).format(
    target.scopes.map((scope) => t(SCOPE_NAMES[scope])),
  );
  const terms = t("targets.terms", {
    reduction: percentText(target.reduction_pct),
    year: String(target.target_year),
    base: String(target.base_year),
    scopes,
  });
  if (!target.scopes.includes(2)) return terms;
  const counted = t(
    target.scope2_method === "market" ? "targets.countedMarket" : "targets.countedLocation",
  );
  return t("targets.withMethod", { terms, counted });
}

/** Whether the latest year with data is on track, in words (the colour only repeats it). */
export function progressWords(progress: TargetProgress): string {
  const latest = progress.years.find((year) => year.year === progress.latest_year);
  if (!latest || latest.actual_co2e_kg === null || progress.on_track === null) {
    return t("targets.noData");
  }
  const words = {
    year: String(latest.year),
    actual: tonnes(latest.actual_co2e_kg),
    pathway: tonnes(latest.pathway_co2e_kg),
    gap: signedTonnes(latest.gap_co2e_kg ?? latest.actual_co2e_kg - latest.pathway_co2e_kg),
  };
  return progress.on_track ? t("targets.onTrack", words) : t("targets.offTrack", words);
}

export function Targets(): JSX.Element {
  const me = useMe();
  const mayChange = me !== null && TARGET_SETTERS.includes(me.role);
  const { value: targets, error, setValue, reload } = useLoad(listTargets);
  const [gwp, setGwp] = useState<GwpSet>("AR5");

  const add = (target: Target): void => setValue([...(targets ?? []), target]);
  const drop = (targetId: string): void =>
    setValue((targets ?? []).filter((each) => each.target_id !== targetId));

  return (
    <section aria-labelledby="targets-title">
      <h1 id="targets-title">{t("targets.title")}</h1>
      <p class="lead">{t("targets.intro")}</p>
      {mayChange ? (
        <CreateForm onCreated={add} />
      ) : (
        <p data-testid="targets-read-only">{t("targets.adminsOnly")}</p>
      )}
      <h2>{t("targets.listTitle")}</h2>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && targets === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {targets !== null && targets.length === 0 && <p>{t("targets.none")}</p>}
      {targets !== null && targets.length > 0 && (
        <>
          <div class="filters">
            <SelectField
              label={t("dashboard.gwp")}
              name="gwp"
              value={gwp}
              options={gwpOptions()}
              onChange={(value) => setGwp(value as GwpSet)}
            />
          </div>
          {targets.map((target) => (
            <TargetItem
              key={target.target_id}
              target={target}
              gwp={gwp}
              mayDelete={mayChange}
              onDeleted={drop}
            />
          ))}
        </>
      )}
    </section>
  );
}

function CreateForm(props: { onCreated: (target: Target) => void }): JSX.Element {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<readonly TargetScope[]>([1, 2]);
  const [method, setMethod] = useState<Scope2Method>("market");
  const [baseYear, setBaseYear] = useState("");
  const [targetYear, setTargetYear] = useState("");
  const [reduction, setReduction] = useState("");
  const [busy, setBusy] = useState(false);
  // The refusal itself, worded at each render, so a change of language rewords it.
  const [refusal, setRefusal] = useState<unknown>(null);

  const labels: FieldLabels = {
    name: t("targets.name"),
    scopes: t("targets.scopes"),
    scope2_method: t("targets.method"),
    base_year: t("targets.baseYear"),
    target_year: t("targets.targetYear"),
    reduction_pct: t("targets.reduction"),
  };
  const fields = refusal instanceof ApiError ? refusal.fields : {};
  const placed = Object.keys(fields).some((field) => field in labels);
  const toggle = (scope: TargetScope, on: boolean): void =>
    setScopes((current) =>
      TARGET_SCOPES.filter((each) => (each === scope ? on : current.includes(each))),
    );

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    createTarget({
      name: name.trim(),
      scopes,
      scope2_method: method,
      base_year: typedNumber(baseYear),
      target_year: typedNumber(targetYear),
      reduction_pct: typedNumber(reduction),
    })
      .then(
        (created) => {
          setName("");
          props.onCreated(created);
        },
        (failure: unknown) => setRefusal(failure),
      )
      .finally(() => setBusy(false));
  };

  const scopesError = fields["scopes"];
  return (
    <form class="admin-panel" onSubmit={submit} data-testid="new-target">
      <h2>{t("targets.newTitle")}</h2>
      <p class="field-hint">{t("targets.newHint")}</p>
      {refusal !== null && !placed && <ErrorBanner message={describeError(refusal, labels)} />}
      <Field
        label={t("targets.name")}
        name="name"
        autocomplete="off"
        value={name}
        onInput={setName}
        error={fields["name"]}
      />
      <fieldset class={scopesError ? "choices field-invalid" : "choices"}>
        <legend>{t("targets.scopes")}</legend>
        {TARGET_SCOPES.map((scope) => (
          <div class="admin-check" key={scope}>
            <input
              id={`target-scope-${scope}`}
              type="checkbox"
              name="scopes"
              value={String(scope)}
              checked={scopes.includes(scope)}
              onChange={(event) => toggle(scope, event.currentTarget.checked)}
            />
            <label for={`target-scope-${scope}`}>{t(SCOPE_NAMES[scope])}</label>
          </div>
        ))}
        {scopesError && <p class="field-error">{scopesError}</p>}
      </fieldset>
      <SelectField
        label={t("targets.method")}
        name="scope2_method"
        value={method}
        options={(["location", "market"] as const).map((value) => ({
          value,
          label: scope2MethodName(value),
        }))}
        onChange={(value) => setMethod(value as Scope2Method)}
        error={fields["scope2_method"]}
      />
      <div class="form-grid">
        <Field
          label={t("targets.baseYear")}
          name="base_year"
          inputMode="numeric"
          autocomplete="off"
          value={baseYear}
          onInput={setBaseYear}
          error={fields["base_year"]}
        />
        <Field
          label={t("targets.targetYear")}
          name="target_year"
          inputMode="numeric"
          autocomplete="off"
          value={targetYear}
          onInput={setTargetYear}
          error={fields["target_year"]}
        />
        <Field
          label={t("targets.reduction")}
          hint={t("targets.reductionHint")}
          name="reduction_pct"
          inputMode="decimal"
          autocomplete="off"
          value={reduction}
          onInput={setReduction}
          error={fields["reduction_pct"]}
        />
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("targets.create")}
        </button>
      </div>
    </form>
  );
}

function TargetItem(props: {
  target: Target;
  gwp: GwpSet;
  mayDelete: boolean;
  onDeleted: (targetId: string) => void;
}): JSX.Element {
  const { target } = props;
  const progress = useLoad(
    () => targetProgress(target.target_id, props.gwp),
    [target.target_id, props.gwp],
  );
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const headingId = `target-${target.target_id}`;

  const remove = (): void => {
    setBusy(true);
    setProblem(null);
    deleteTarget(target.target_id)
      .then(
        () => props.onDeleted(target.target_id),
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  const shown = progress.value?.gwp_set === props.gwp ? progress.value : null;
  return (
    <section class="panel" data-target={target.target_id} aria-labelledby={headingId}>
      <h3 id={headingId}>{target.name}</h3>
      <p>{termsWords(target)}</p>
      {progress.error !== null && (
        <ErrorBanner message={describeError(progress.error)} onRetry={progress.reload} />
      )}
      {progress.error === null && shown === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {shown && <Progress progress={shown} />}
      {props.mayDelete && !confirming && (
        <div class="actions">
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {t("targets.delete")}
          </button>
        </div>
      )}
      {confirming && (
        <Confirm
          label={t("targets.confirmLabel")}
          question={t("targets.confirmDelete", { name: target.name })}
          action={t("targets.delete")}
          keep={t("targets.keep")}
          busy={busy}
          onConfirm={remove}
          onKeep={() => setConfirming(false)}
        />
      )}
      {problem !== null && (
        <p class="field-error" role="alert">
          {describeError(problem)}
        </p>
      )}
    </section>
  );
}

/** The chart's series, in t: the published totals as bars, the pathway as a line over them. */
export function progressSeries(years: readonly TargetYear[]): TrendSeries[] {
  return [
    {
      label: t("targets.actual"),
      colour: "--scope-1",
      values: years.map((year) =>
        year.actual_co2e_kg === null ? null : year.actual_co2e_kg / 1000,
      ),
    },
    {
      label: t("targets.pathway"),
      colour: "--scope-2",
      values: years.map((year) => year.pathway_co2e_kg / 1000),
      line: true,
    },
  ];
}

function Progress(props: { progress: TargetProgress }): JSX.Element {
  const { progress } = props;
  const language = useLocale();
  const labels = useMemo(() => progress.years.map((year) => String(year.year)), [progress]);
  const series = useMemo(() => progressSeries(progress.years), [progress, language]);
  const format = useMemo(() => (value: number) => formatNumber(value, 0), [language]);
  const state =
    progress.on_track === null ? "no-data" : progress.on_track ? "on-track" : "off-track";
  const columns: Column<TargetYear>[] = [
    { key: "year", header: t("targets.year"), cell: (row) => String(row.year) },
    {
      key: "pathway",
      header: t("targets.pathway"),
      numeric: true,
      cell: (row) => tonnes(row.pathway_co2e_kg),
    },
    {
      key: "actual",
      header: t("targets.actual"),
      numeric: true,
      cell: (row) =>
        row.actual_co2e_kg === null ? t("targets.noActual") : tonnes(row.actual_co2e_kg),
    },
    {
      key: "gap",
      header: t("targets.gap"),
      numeric: true,
      cell: (row) => (row.gap_co2e_kg === null ? "" : signedTonnes(row.gap_co2e_kg)),
    },
  ];
  return (
    <>
      <p class={`state state-${state}`} data-testid="on-track" data-state={state}>
        {progressWords(progress)}
      </p>
      <p class="field-hint">
        {t("targets.baseEmissions", {
          year: String(progress.target.base_year),
          base: tonnes(progress.base_year_co2e_kg),
          set: progress.gwp_set,
        })}
      </p>
      <TrendChart labels={labels} series={series} formatValue={format} />
      <div class="table-scroll">
        <Table
          caption={t("targets.progressCaption", { name: progress.target.name })}
          columns={columns}
          rows={progress.years}
          rowKey={(row) => String(row.year)}
        />
      </div>
    </>
  );
}
