// The base year: its snapshot's totals by scope beside what is published for the same months
// now, how far each total moved against the recalculation threshold and why (the uploads
// published, withdrawn or recalculated since), a recalculation for the roles the API lets
// take one, and every earlier snapshot, still readable.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { summary } from "../api/emissions";
import { ApiError } from "../api/errors";
import { baseYearHistory, getBaseYear, recalculateBaseYear } from "../api/inventory";
import {
  type BaseYearCause,
  type BaseYearChange,
  type BaseYearSnapshot,
  type BaseYearStatus,
  type GwpSet,
  type Role,
  type ScopeFigures,
  type Summary,
} from "../api/types";
import { sectionPath } from "../admin-sections";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { SelectField } from "../components/Field";
import { type Column, Table } from "../components/Table";
import { percentText, scope2MethodName } from "../inventory-words";
import { describeError } from "../describe-error";
import { formatDateTime, formatMonth, formatNumber, type MessageKey, t } from "../i18n";
import { Link } from "../router";
import { useMe } from "../session";
import { useLoad } from "../use-load";
import { Confirm } from "../components/Confirm";
import { gwpOptions } from "../gwp-options";

// The roles of POST /v1/inventory/base-year/recalculate (x-footprint-roles in the OpenAPI
// document); the settings that name the base year are theirs too.
const RECALCULATORS: readonly Role[] = ["admin"];

const FIGURES: readonly (readonly [keyof ScopeFigures, MessageKey])[] = [
  ["scope_1", "dashboard.scope1"],
  ["scope_2_location", "dashboard.scope2Location"],
  ["scope_2_market", "dashboard.scope2Market"],
  ["scope_3", "dashboard.scope3"],
  ["total_location", "dashboard.totalLocation"],
  ["total_market", "dashboard.totalMarket"],
];

const CAUSES: Readonly<Record<BaseYearCause["kind"], MessageKey>> = {
  upload_published: "baseYear.causePublished",
  upload_withdrawn: "baseYear.causeWithdrawn",
  upload_recalculated: "baseYear.causeRecalculated",
};

/** The base year's months as published now, in the snapshot's terms, from a summary of them
 * grouped by scope. */
export function publishedFigures(answer: Summary): ScopeFigures {
  const scope = (key: string): number =>
    answer.groups.find((group) => group.key === key)?.co2e_kg ?? 0;
  return {
    scope_1: scope("scope-1"),
    scope_2_location: answer.scope_2.location_based_kg,
    scope_2_market: answer.scope_2.market_based_kg,
    scope_3: scope("scope-3"),
    total_location: answer.totals.co2e_kg,
    total_market: answer.totals.co2e_market_based_kg,
  };
}

/** Whether a total's change calls for a recalculation: beyond the threshold (the threshold
 * itself is not beyond it), or anything at all published where the snapshot had nothing. */
export function beyondThreshold(change: BaseYearChange, thresholdPct: number): boolean {
  if (change.change_pct === null) return change.new_co2e_kg !== 0;
  return Math.abs(change.change_pct) > thresholdPct;
}

/** A change in percent in words: more, less or the same. */
export function changeWords(changePct: number | null): string {
  if (changePct === null) return t("baseYear.fromNothing");
  // Sums of the same figures in another order differ in their last digits: not a change.
  if (Math.abs(changePct) < 0.005) return t("baseYear.same");
  const percent = percentText(Math.abs(changePct));
  return changePct > 0 ? t("baseYear.more", { percent }) : t("baseYear.less", { percent });
}

/** The change against the threshold, in words. */
export function thresholdWords(change: BaseYearChange, thresholdPct: number): string {
  const threshold = percentText(thresholdPct);
  if (change.change_pct === null && change.new_co2e_kg === 0) return t("baseYear.bothEmpty");
  return beyondThreshold(change, thresholdPct)
    ? t("baseYear.beyond", { threshold })
    : t("baseYear.within", { threshold });
}

const tonnes = (kg: number): string => formatNumber(kg / 1000);

function noBaseYear(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function BaseYear(): JSX.Element {
  const me = useMe();
  const [gwp, setGwp] = useState<GwpSet>("AR5");
  const status = useLoad(() => getBaseYear(gwp), [gwp]);
  const history = useLoad(baseYearHistory);
  const [recalculated, setRecalculated] = useState<BaseYearSnapshot | null>(null);
  const mayRecalculate = me !== null && RECALCULATORS.includes(me.role);

  const afterRecalculation = (snapshot: BaseYearSnapshot): void => {
    setRecalculated(snapshot);
    status.reload();
    history.reload();
  };

  return (
    <section aria-labelledby="base-year-title">
      <h1 id="base-year-title">{t("baseYear.title")}</h1>
      <p class="lead">{t("baseYear.intro")}</p>
      {noBaseYear(status.error) ? (
        <NoBaseYear admin={me?.role === "admin"} />
      ) : (
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
          {recalculated && (
            <Notice
              message={t("baseYear.recalculated", { at: formatDateTime(recalculated.taken_at) })}
            />
          )}
          {status.error !== null && (
            <ErrorBanner message={describeError(status.error)} onRetry={status.reload} />
          )}
          {status.error === null && status.value?.gwp_set !== gwp && (
            <p class="loading" role="status">
              {t("app.loading")}
            </p>
          )}
          {status.value && status.value.gwp_set === gwp && (
            <>
              <Verdict status={status.value} />
              <Figures status={status.value} gwp={gwp} />
              <Changes status={status.value} />
              <Causes status={status.value} />
              <Recalculation
                allowed={mayRecalculate}
                year={status.value.base_year}
                onDone={afterRecalculation}
              />
            </>
          )}
          <History
            snapshots={history.value}
            error={history.error}
            gwp={gwp}
            onRetry={history.reload}
          />
        </>
      )}
    </section>
  );
}

function NoBaseYear(props: { admin: boolean }): JSX.Element {
  return (
    <div class="panel" data-testid="no-base-year">
      <p>{t("baseYear.none")}</p>
      {props.admin ? (
        <p>
          <Link href={sectionPath("inventory")}>{t("baseYear.setIt")}</Link>
        </p>
      ) : (
        <p>{t("baseYear.askAdmin")}</p>
      )}
    </div>
  );
}

function Verdict(props: { status: BaseYearStatus }): JSX.Element {
  const { status } = props;
  const words = {
    threshold: percentText(status.recalculation_threshold_pct),
    at: formatDateTime(status.snapshot.taken_at),
  };
  return (
    <div
      class={status.recalculation_needed ? "banner banner-warning" : "banner banner-info"}
      role="status"
      data-testid="verdict"
      data-needed={String(status.recalculation_needed)}
    >
      <p>
        {status.recalculation_needed ? t("baseYear.needed", words) : t("baseYear.notNeeded", words)}
      </p>
    </div>
  );
}

interface FigureRow {
  readonly key: keyof ScopeFigures;
  readonly label: string;
  readonly then: number;
  readonly now: number | null;
}

function Figures(props: { status: BaseYearStatus; gwp: GwpSet }): JSX.Element {
  const { snapshot } = props.status;
  const published = useLoad(
    () => summary(snapshot.from, snapshot.to, props.gwp),
    [snapshot.from, snapshot.to, props.gwp],
  );
  const then = snapshot.figures[props.gwp];
  const now = published.value ? publishedFigures(published.value) : null;
  const rows: FigureRow[] = FIGURES.map(([key, label]) => ({
    key,
    label: t(label),
    then: then?.[key] ?? 0,
    now: now ? now[key] : null,
  }));
  const columns: Column<FigureRow>[] = [
    { key: "figure", header: t("baseYear.figure"), cell: (row) => row.label },
    {
      key: "then",
      header: t("baseYear.then"),
      numeric: true,
      cell: (row) => <span data-then={row.key}>{tonnes(row.then)}</span>,
    },
    {
      key: "now",
      header: t("baseYear.now"),
      numeric: true,
      cell: (row) => (row.now === null ? "…" : <span data-now={row.key}>{tonnes(row.now)}</span>),
    },
    {
      key: "change",
      header: t("baseYear.change"),
      cell: (row) =>
        row.now === null || (row.then === 0 && row.now === 0)
          ? ""
          : changeWords(row.then === 0 ? null : ((row.now - row.then) / row.then) * 100),
    },
  ];
  return (
    <section class="panel" aria-labelledby="base-year-figures">
      <h2 id="base-year-figures">
        {t("baseYear.figures", {
          year: String(snapshot.base_year),
          from: formatMonth(snapshot.from),
          to: formatMonth(snapshot.to),
        })}
      </h2>
      <p class="field-hint">
        {t("baseYear.figuresHint", {
          at: formatDateTime(snapshot.taken_at),
          calculations: snapshot.calculations,
        })}
      </p>
      {published.error !== null && (
        <ErrorBanner message={describeError(published.error)} onRetry={published.reload} />
      )}
      <div class="table-scroll">
        <Table
          caption={t("baseYear.figuresCaption", { set: props.gwp })}
          columns={columns}
          rows={rows}
          rowKey={(row) => row.key}
        />
      </div>
    </section>
  );
}

function Changes(props: { status: BaseYearStatus }): JSX.Element {
  const { status } = props;
  const threshold = status.recalculation_threshold_pct;
  const columns: Column<BaseYearChange>[] = [
    { key: "gwp", header: t("dashboard.gwp"), cell: (row) => row.gwp_set },
    { key: "method", header: t("baseYear.method"), cell: (row) => scope2MethodName(row.method) },
    {
      key: "then",
      header: t("baseYear.then"),
      numeric: true,
      cell: (row) => tonnes(row.old_co2e_kg),
    },
    {
      key: "now",
      header: t("baseYear.now"),
      numeric: true,
      cell: (row) => tonnes(row.new_co2e_kg),
    },
    { key: "change", header: t("baseYear.change"), cell: (row) => changeWords(row.change_pct) },
    {
      key: "threshold",
      header: t("baseYear.againstThreshold"),
      cell: (row) => (
        <span data-beyond={String(beyondThreshold(row, threshold))}>
          {thresholdWords(row, threshold)}
        </span>
      ),
    },
  ];
  return (
    <section class="panel" aria-labelledby="base-year-changes">
      <h2 id="base-year-changes">{t("baseYear.changes")}</h2>
      <p class="field-hint">{t("baseYear.changesHint", { threshold: percentText(threshold) })}</p>
      <div class="table-scroll">
        <Table
          caption={t("baseYear.changesCaption")}
          columns={columns}
          rows={status.changes}
          rowKey={(row) => `${row.gwp_set}-${row.method}`}
        />
      </div>
    </section>
  );
}

function editionsWords(cause: BaseYearCause): string {
  const parts = [
    cause.editions_removed.length > 0
      ? t("baseYear.editionsLost", { editions: cause.editions_removed.join(", ") })
      : "",
    cause.editions_added.length > 0
      ? t("baseYear.editionsGained", { editions: cause.editions_added.join(", ") })
      : "",
  ].filter(Boolean);
  return parts.join(" ");
}

function Causes(props: { status: BaseYearStatus }): JSX.Element {
  const { causes, gwp_set: gwp } = props.status;
  const columns: Column<BaseYearCause>[] = [
    {
      key: "kind",
      header: t("baseYear.cause"),
      cell: (row) => <span data-kind={row.kind}>{t(CAUSES[row.kind])}</span>,
    },
    {
      key: "upload",
      header: t("baseYear.upload"),
      cell: (row) => (
        <Link href={`/uploads/${encodeURIComponent(row.upload_id)}`} class="identifier">
          {row.upload_id}
        </Link>
      ),
    },
    { key: "editions", header: t("baseYear.editions"), cell: editionsWords },
    {
      key: "then",
      header: t("baseYear.then"),
      numeric: true,
      cell: (row) => tonnes(row.old_co2e_kg),
    },
    {
      key: "now",
      header: t("baseYear.now"),
      numeric: true,
      cell: (row) => tonnes(row.new_co2e_kg),
    },
    {
      key: "share",
      header: t("baseYear.ofBaseYear"),
      cell: (row) => changeWords(row.change_of_base_year_pct),
    },
  ];
  return (
    <section class="panel" aria-labelledby="base-year-causes">
      <h2 id="base-year-causes">{t("baseYear.causes")}</h2>
      {causes.length === 0 ? (
        <p>{t("baseYear.noCauses")}</p>
      ) : (
        <div class="table-scroll">
          <Table
            caption={t("baseYear.causesCaption", { set: gwp })}
            columns={columns}
            rows={causes}
            rowKey={(row) => `${row.kind}-${row.upload_id}`}
          />
        </div>
      )}
    </section>
  );
}

function Recalculation(props: {
  allowed: boolean;
  year: number;
  onDone: (snapshot: BaseYearSnapshot) => void;
}): JSX.Element {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const recalculate = (): void => {
    setBusy(true);
    setProblem(null);
    recalculateBaseYear()
      .then(
        (snapshot) => {
          setConfirming(false);
          props.onDone(snapshot);
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section class="panel" aria-labelledby="base-year-recalculate">
      <h2 id="base-year-recalculate">{t("baseYear.recalculate")}</h2>
      {!props.allowed ? (
        <p data-testid="recalculate-not-allowed">{t("baseYear.recalculateAdminsOnly")}</p>
      ) : (
        <>
          <p class="field-hint">{t("baseYear.recalculateHint")}</p>
          {!confirming && (
            <div class="actions">
              <button type="button" onClick={() => setConfirming(true)}>
                {t("baseYear.recalculate")}
              </button>
            </div>
          )}
          {confirming && (
            <Confirm
              label={t("baseYear.confirmLabel")}
              question={t("baseYear.confirm", { year: String(props.year) })}
              action={t("baseYear.recalculateNow")}
              keep={t("baseYear.keep")}
              busy={busy}
              onConfirm={recalculate}
              onKeep={() => setConfirming(false)}
            />
          )}
          {problem !== null && (
            <p class="field-error" role="alert">
              {describeError(problem)}
            </p>
          )}
        </>
      )}
    </section>
  );
}

const REASONS: Readonly<Record<BaseYearSnapshot["reason"], MessageKey>> = {
  base_year_set: "baseYear.reasonSet",
  recalculated: "baseYear.reasonRecalculated",
};

function History(props: {
  snapshots: readonly BaseYearSnapshot[] | null;
  error: unknown;
  gwp: GwpSet;
  onRetry: () => void;
}): JSX.Element {
  const figure = (row: BaseYearSnapshot, key: keyof ScopeFigures): string => {
    const figures = row.figures[props.gwp];
    return figures ? tonnes(figures[key]) : "";
  };
  const columns: Column<BaseYearSnapshot>[] = [
    { key: "taken", header: t("baseYear.taken"), cell: (row) => formatDateTime(row.taken_at) },
    {
      key: "reason",
      header: t("baseYear.reason"),
      cell: (row) => t(REASONS[row.reason], { year: String(row.base_year) }),
    },
    ...FIGURES.map(([key, label]) => ({
      key,
      header: t(label),
      numeric: true,
      cell: (row: BaseYearSnapshot) => figure(row, key),
    })),
  ];
  return (
    <section class="panel" aria-labelledby="base-year-history">
      <h2 id="base-year-history">{t("baseYear.history")}</h2>
      <p class="field-hint">{t("baseYear.historyHint")}</p>
      {props.error !== null && (
        <ErrorBanner message={describeError(props.error)} onRetry={props.onRetry} />
      )}
      {props.snapshots !== null && props.snapshots.length === 0 && <p>{t("baseYear.noHistory")}</p>}
      {props.snapshots !== null && props.snapshots.length > 0 && (
        // Wider than a narrow window: a region the keyboard can scroll.
        <div
          class="table-scroll"
          data-testid="history"
          role="region"
          aria-labelledby="base-year-history"
          tabIndex={0}
        >
          <Table
            caption={t("baseYear.historyCaption", { set: props.gwp })}
            columns={columns}
            rows={props.snapshots}
            rowKey={(row) => row.snapshot_id}
          />
        </div>
      )}
    </section>
  );
}
