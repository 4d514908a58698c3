// The inventory dashboard: a reporting year's (or any months') totals by scope under a chosen
// GWP set, the change against the same months a year before, a monthly trend stacked by
// scope, and the breakdowns by category and by facility. Every figure links to its lines.
import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { summary } from "../api/emissions";
import { ApiError } from "../api/errors";
import {
  type BaseYearBeside,
  type BaseYearFigures,
  type GwpSet,
  type Summary,
  type SummaryGroup,
} from "../api/types";
import { Bar } from "../components/Bar";
import { ErrorBanner } from "../components/ErrorBanner";
import { Field, SelectField } from "../components/Field";
import { qualityText, totalRangeText } from "../components/Quality";
import { type Column, Table } from "../components/Table";
import { TrendChart } from "../components/TrendChart";
import type { TrendSeries } from "../components/trend-plot";
import { categoryLabel, scopeName } from "../categories";
import { describeError } from "../describe-error";
import { formatMonth, formatNumber, type MessageKey, t, useLocale } from "../i18n";
import { type LinesFilter, gwpOf, linesHref } from "../lines-filter";
import {
  defaultYear,
  type MonthRange,
  monthsOf,
  rangeOf,
  wholeYear,
  yearBefore,
  yearRange,
} from "../months";
import { Link, navigate, useLocation } from "../router";
import { useMe } from "../session";
import { gwpOptions } from "../gwp-options";

/** The Base year screen and Administration › Inventory settings, where a base year is set. */
export const BASE_YEAR_PATH = "/inventory/base-year";
export const INVENTORY_SETTINGS_PATH = "/admin/inventory";

const YEARS_SHOWN = 6;
const CUSTOM = "months";
const SCOPES = ["scope-1", "scope-2", "scope-3"] as const;

export interface Figure {
  readonly id: string;
  readonly label: MessageKey;
  readonly hint?: MessageKey;
  readonly tonnes: number;
  readonly unit: MessageKey;
  /** The same figure in the base year's snapshot. */
  readonly baseYear: keyof BaseYearFigures;
  /** The lines behind the figure, within the dashboard's range. */
  readonly lines: Omit<LinesFilter, "from" | "to">;
}

/** The figures the dashboard shows, in t, from a summary grouped by scope. */
export function figuresOf(answer: Summary): readonly Figure[] {
  const scope = (key: string): number =>
    answer.groups.find((group) => group.key === key)?.co2e_t ?? 0;
  const unit = "dashboard.unit";
  return [
    {
      id: "scope-1",
      baseYear: "scope_1",
      label: "dashboard.scope1",
      hint: "dashboard.scope1Hint",
      tonnes: scope("scope-1"),
      unit,
      lines: { scope: 1 },
    },
    {
      id: "scope-2-location",
      baseYear: "scope_2_location",
      label: "dashboard.scope2Location",
      hint: "dashboard.scope2Hint",
      tonnes: answer.scope_2.location_based_t,
      unit,
      lines: { scope: 2 },
    },
    {
      id: "scope-2-market",
      baseYear: "scope_2_market",
      label: "dashboard.scope2Market",
      hint: "dashboard.scope2Hint",
      tonnes: answer.scope_2.market_based_t,
      unit,
      lines: { scope: 2 },
    },
    {
      id: "scope-3",
      baseYear: "scope_3",
      label: "dashboard.scope3",
      hint: "dashboard.scope3Hint",
      tonnes: scope("scope-3"),
      unit,
      lines: { scope: 3 },
    },
    {
      id: "total-location",
      baseYear: "total_location",
      label: "dashboard.totalLocation",
      tonnes: answer.totals.co2e_t,
      unit,
      lines: {},
    },
    {
      id: "total-market",
      baseYear: "total_market",
      label: "dashboard.totalMarket",
      tonnes: answer.totals.co2e_market_based_t,
      unit,
      lines: {},
    },
  ];
}

/** The change from `before` to `now` as a fraction, or null where there is nothing to compare. */
export function change(now: number, before: number | undefined): number | null {
  if (before === undefined || before === 0) return null;
  return (now - before) / before;
}

/** Each month's CO2e (location-based, in t) by scope, for the trend chart. */
export function trendOf(range: MonthRange, byMonth: Summary): Record<string, number[]> {
  const months = monthsOf(range);
  const groups = new Map(byMonth.groups.map((group) => [group.key, group]));
  return Object.fromEntries(
    SCOPES.map((scope) => [
      scope,
      months.map((month) => (groups.get(month)?.co2e_kg_by_scope[scope] ?? 0) / 1000),
    ]),
  );
}

/** The totals the dashboard opens with, for the address's range and GWP set. */
export function preloadDashboard(query: URLSearchParams): Promise<Summary> {
  const range = rangeOf(query);
  return summary(range.from, range.to, gwpOf(query));
}

interface Details {
  readonly months: Summary;
  readonly categories: Summary;
  readonly facilities: Summary;
  readonly before: Summary;
}

function useSummaries(range: MonthRange, gwp: GwpSet, attempt: number) {
  const [totals, setTotals] = useState<Summary | null>(null);
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    setTotals(null);
    setDetails(null);
    setError(null);
    const fail = (failure: unknown): void => {
      if (current) setError(failure);
    };
    // The totals first, alone: they are what a person opens the page for. The chart, the
    // breakdowns and the year before follow once they are shown.
    summary(range.from, range.to, gwp).then((answer) => {
      if (!current) return;
      setTotals(answer);
      if (answer.totals.row_share === 0) return; // nothing to break down
      const before = yearBefore(range);
      Promise.all([
        summary(range.from, range.to, gwp, "month"),
        summary(range.from, range.to, gwp, "category"),
        summary(range.from, range.to, gwp, "facility"),
        summary(before.from, before.to, gwp),
      ]).then(([months, categories, facilities, previous]) => {
        if (current) setDetails({ months, categories, facilities, before: previous });
      }, fail);
    }, fail);
    return () => {
      current = false;
    };
  }, [range.from, range.to, gwp, attempt]);
  return { totals, details, error };
}

export function Dashboard(): JSX.Element {
  useLocale();
  const { query } = useLocation();
  const range = rangeOf(query);
  const gwp = gwpOf(query);
  const year = wholeYear(range);
  const [attempt, setAttempt] = useState(0);
  const { totals, details, error } = useSummaries(range, gwp, attempt);
  const [custom, setCustom] = useState(year === null);
  const [draft, setDraft] = useState<MonthRange>(range);

  // The choice lives in the address, so a reload or a shared link shows the same figures.
  const choose = (next: { range?: MonthRange; gwp?: GwpSet }): void => {
    const chosen = next.range ?? range;
    const whole = wholeYear(chosen);
    const params = new URLSearchParams(
      whole === null ? { from: chosen.from, to: chosen.to } : { year: String(whole) },
    );
    params.set("gwp", next.gwp ?? gwp);
    navigate(`/?${params.toString()}`, { replace: true });
  };

  const thisYear = defaultYear() + 1;
  const years = Array.from({ length: YEARS_SHOWN }, (_, index) => thisYear - index);
  if (year !== null && !years.includes(year)) years.push(year);
  const periodOptions = [
    ...years.map((option) => ({ value: String(option), label: String(option) })),
    { value: CUSTOM, label: t("dashboard.customMonths") },
  ];

  // An error that names the range is shown at its field; anything else above the figures.
  const named = error instanceof ApiError ? Object.keys(error.fields) : [];
  const atField = (field: "from" | "to"): string | null =>
    custom && named.includes(field) ? ((error as ApiError).fields[field] ?? null) : null;
  const fieldShown = custom && (named.includes("from") || named.includes("to"));

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard.title")}</h1>
      <p class="lead">{t("dashboard.intro")}</p>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          choose({ range: draft });
        }}
      >
        <SelectField
          label={t("dashboard.year")}
          value={custom ? CUSTOM : String(year ?? "")}
          options={periodOptions}
          onChange={(value) => {
            if (value === CUSTOM) {
              setCustom(true);
              setDraft(range);
              return;
            }
            setCustom(false);
            choose({ range: yearRange(Number(value)) });
          }}
        />
        {custom && (
          <>
            <Field
              label={t("dashboard.from")}
              type="month"
              name="from"
              value={draft.from}
              onInput={(from) => setDraft({ ...draft, from })}
              error={atField("from")}
              required
            />
            <Field
              label={t("dashboard.to")}
              type="month"
              name="to"
              value={draft.to}
              onInput={(to) => setDraft({ ...draft, to })}
              error={atField("to")}
              required
            />
            <div class="field field-action">
              <button type="submit">{t("dashboard.show")}</button>
            </div>
          </>
        )}
        <SelectField
          label={t("dashboard.gwp")}
          value={gwp}
          options={gwpOptions()}
          onChange={(value) => choose({ gwp: value as GwpSet })}
        />
      </form>
      <p class="range">
        {t("dashboard.range", { from: formatMonth(range.from), to: formatMonth(range.to) })}
      </p>
      {error !== null && !fieldShown && (
        <ErrorBanner message={describeError(error)} onRetry={() => setAttempt(attempt + 1)} />
      )}
      {error === null && totals === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {totals && <Totals answer={totals} range={range} before={details?.before ?? null} />}
      {totals && totals.totals.row_share > 0 && details && (
        <Breakdowns details={details} range={range} gwp={gwp} />
      )}
    </section>
  );
}

function Totals(props: {
  answer: Summary;
  range: MonthRange;
  before: Summary | null;
}): JSX.Element {
  const { answer, range, before } = props;
  if (answer.totals.row_share === 0) {
    return (
      <p class="empty">
        {t("dashboard.empty", {
          from: formatMonth(range.from),
          to: formatMonth(range.to),
        })}
      </p>
    );
  }
  const previous =
    before && before.totals.row_share > 0
      ? new Map(figuresOf(before).map((figure) => [figure.id, figure.tonnes]))
      : null;
  const href = (filter: Figure["lines"]): string =>
    linesHref({ ...filter, from: range.from, to: range.to }, answer.gwp_set);
  return (
    <div aria-live="polite" data-testid="totals" data-gwp={answer.gwp_set}>
      <dl class="figures">
        {figuresOf(answer).map((figure) => (
          <div class="figure" key={figure.id} data-figure={figure.id}>
            <dt>
              {t(figure.label)}
              {figure.hint && <span class="figure-hint">{t(figure.hint)}</span>}
            </dt>
            <dd>
              <Link href={href(figure.lines)} class="figure-link">
                <span class="figure-value">{formatNumber(figure.tonnes)}</span>{" "}
                <span class="figure-unit">{t(figure.unit)}</span>
              </Link>
              {previous && <Change now={figure.tonnes} before={previous.get(figure.id)} />}
              {answer.base_year && (
                <span class="figure-base" data-base-year={figure.id}>
                  {t("dashboard.baseYearFigure", {
                    year: answer.base_year.base_year,
                    value: formatNumber(answer.base_year.figures[figure.baseYear] / 1000),
                  })}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <div class="figure figure-apart" data-figure="biogenic">
        <p class="figure-label">{t("dashboard.biogenic")}</p>
        <p>
          <Link href={href({})} class="figure-link">
            <span class="figure-value">{formatNumber(answer.totals.biogenic_co2_kg / 1000)}</span>{" "}
            <span class="figure-unit">{t("dashboard.unitBiogenic")}</span>
          </Link>
        </p>
        <p class="figure-hint">{t("dashboard.biogenicHint")}</p>
      </div>
      <p class="rows">{t("dashboard.rows", { rows: formatNumber(answer.totals.row_share, 0) })}</p>
      {before && !previous && <p class="rows">{t("dashboard.noYearBefore")}</p>}
      <BaseYearNote beside={answer.base_year ?? null} />
      <QualityByScope answer={answer} />
    </div>
  );
}

/** Where the base year stands beside the figures: a notice when what is published for it has
 * moved past the threshold; an admin without a base year is told where to set one. */
function BaseYearNote(props: { beside: BaseYearBeside | null }): JSX.Element | null {
  const me = useMe();
  const { beside } = props;
  if (beside === null) {
    return me?.role === "admin" ? (
      <p class="field-hint" data-testid="base-year-hint">
        {t("dashboard.baseYearNone")}{" "}
        <Link href={INVENTORY_SETTINGS_PATH}>{t("dashboard.baseYearSettings")}</Link>
      </p>
    ) : null;
  }
  return (
    <>
      <p class="rows" data-testid="base-year">
        {t("dashboard.baseYearBeside", {
          year: beside.base_year,
          from: formatMonth(beside.from),
          to: formatMonth(beside.to),
        })}{" "}
        <Link href={BASE_YEAR_PATH}>{t("dashboard.baseYearOpen")}</Link>
      </p>
      {beside.recalculation_needed && (
        <div class="banner banner-warning" role="status" data-testid="base-year-recalculation">
          <p>
            {t("dashboard.baseYearRecalculation", { year: beside.base_year })}{" "}
            <Link href={BASE_YEAR_PATH}>{t("dashboard.baseYearWhy")}</Link>
          </p>
        </div>
      )}
    </>
  );
}

interface QualityRow {
  readonly key: string;
  readonly label: string;
  readonly group: SummaryGroup | Summary["totals"];
}

/** Each scope's and the total's data-quality score and 95 % range (location-based), from the
 * totals' own answer: no request of their own. */
export function qualityRowsOf(answer: Summary): readonly QualityRow[] {
  const rows: QualityRow[] = [];
  for (const scope of SCOPES) {
    const group = answer.groups.find((found) => found.key === scope);
    if (group) rows.push({ key: scope, label: scopeName(scope), group });
  }
  rows.push({ key: "total", label: t("dashboard.totalLocation"), group: answer.totals });
  return rows;
}

function QualityByScope(props: { answer: Summary }): JSX.Element {
  const columns: Column<QualityRow>[] = [
    { key: "label", header: t("dashboard.qualityScope"), cell: (row) => row.label },
    {
      key: "tonnes",
      header: t("dashboard.unit"),
      numeric: true,
      cell: (row) => formatNumber(row.group.co2e_t),
    },
    {
      key: "quality",
      header: t("quality.column"),
      cell: (row) => <span data-quality-of={row.key}>{qualityText(row.group)}</span>,
    },
    {
      key: "range",
      header: t("quality.rangeColumn"),
      cell: (row) => <span data-range-of={row.key}>{totalRangeText(row.group)}</span>,
    },
  ];
  return (
    <section class="panel" aria-labelledby="quality-title" data-testid="quality">
      <h2 id="quality-title">{t("dashboard.qualityTitle")}</h2>
      <p class="field-hint">{t("dashboard.qualityHint")}</p>
      <div class="table-scroll">
        <Table
          caption={t("dashboard.qualityTitle")}
          columns={columns}
          rows={qualityRowsOf(props.answer)}
          rowKey={(row) => row.key}
        />
      </div>
    </section>
  );
}

function Change(props: { now: number; before: number | undefined }): JSX.Element | null {
  const fraction = change(props.now, props.before);
  if (fraction === null) return null;
  const percent = formatNumber(Math.abs(fraction) * 100);
  const key: MessageKey =
    fraction > 0
      ? "dashboard.changeUp"
      : fraction < 0
        ? "dashboard.changeDown"
        : "dashboard.changeNone";
  return (
    <span class="figure-change" data-change={fraction.toFixed(4)}>
      {t(key, { percent })}
    </span>
  );
}

interface BreakdownRow {
  readonly key: string;
  readonly label: string;
  readonly tonnes: number;
  readonly href: string;
  /** The group's quality and range, shown where the breakdown has those columns. */
  readonly group: SummaryGroup;
}

function Breakdowns(props: { details: Details; range: MonthRange; gwp: GwpSet }): JSX.Element {
  const { details, range, gwp } = props;
  const within = (filter: LinesFilter): string =>
    linesHref({ ...filter, from: range.from, to: range.to }, gwp);
  const categories = details.categories.groups.map((group: SummaryGroup) => ({
    key: group.key,
    label: categoryLabel(group.key, group.scope, group.ghg_category),
    tonnes: group.co2e_t,
    href: within({ category: group.key }),
    group,
  }));
  const facilities = details.facilities.groups.map((group) => ({
    key: group.key,
    label: group.key || t("dashboard.noFacility"),
    tonnes: group.co2e_t,
    href: within({ facility: group.key }),
    group,
  }));
  return (
    <div class="breakdowns">
      <Trend months={details.months} range={range} gwp={gwp} />
      <Breakdown
        id="by-category"
        title={t("dashboard.byCategory")}
        head={t("dashboard.category")}
        rows={categories}
        withQuality
      />
      <Breakdown
        id="by-facility"
        title={t("dashboard.byFacility")}
        head={t("dashboard.facility")}
        rows={facilities}
      />
    </div>
  );
}

function Trend(props: { months: Summary; range: MonthRange; gwp: GwpSet }): JSX.Element {
  const { months, range, gwp } = props;
  const language = useLocale();
  const trend = useMemo(() => trendOf(range, months), [range.from, range.to, months]);
  const labels = useMemo(
    () => monthsOf(range).map((month) => shortMonth(month)),
    [range.from, range.to, language],
  );
  const series: TrendSeries[] = useMemo(
    () =>
      SCOPES.map((scope) => ({
        label: scopeName(scope),
        colour: `--${scope}`,
        values: trend[scope] ?? [],
      })),
    [trend, language],
  );
  const format = useMemo(() => (value: number) => formatNumber(value, 0), [language]);
  const list = monthsOf(range);
  return (
    <section class="panel" aria-labelledby="trend-title">
      <h2 id="trend-title">{t("dashboard.trend")}</h2>
      <p class="field-hint">{t("dashboard.trendHint")}</p>
      <TrendChart labels={labels} series={series} formatValue={format} />
      <details class="trend-table">
        <summary>{t("dashboard.trendTable")}</summary>
        <table>
          <caption>{t("dashboard.trend")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.month")}</th>
              {SCOPES.map((scope) => (
                <th scope="col" class="numeric" key={scope}>
                  {scopeName(scope)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.map((month, index) => (
              <tr key={month}>
                <th scope="row">
                  <Link href={linesHref({ from: month, to: month }, gwp)}>
                    {formatMonth(month)}
                  </Link>
                </th>
                {SCOPES.map((scope, place) => (
                  <td class="numeric" key={scope}>
                    <Link href={linesHref({ from: month, to: month, scope: place + 1 }, gwp)}>
                      {formatNumber(trend[scope]?.[index] ?? 0)}
                    </Link>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function shortMonth(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    month: "short",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1)));
}

function Breakdown(props: {
  id: string;
  title: string;
  head: string;
  rows: readonly BreakdownRow[];
  withQuality?: boolean;
}): JSX.Element {
  const largest = Math.max(0, ...props.rows.map((row) => row.tonnes));
  const columns: Column<BreakdownRow>[] = [
    { key: "label", header: props.head, cell: (row) => <Link href={row.href}>{row.label}</Link> },
    {
      key: "tonnes",
      header: t("dashboard.unit"),
      numeric: true,
      cell: (row) => <Link href={row.href}>{formatNumber(row.tonnes)}</Link>,
    },
    {
      key: "bar",
      header: t("dashboard.share"),
      cell: (row) => <Bar fraction={largest > 0 ? row.tonnes / largest : 0} />,
    },
  ];
  if (props.withQuality) {
    columns.push(
      {
        key: "quality",
        header: t("quality.column"),
        cell: (row) => <span data-quality-of={row.key}>{qualityText(row.group)}</span>,
      },
      {
        key: "range",
        header: t("quality.rangeColumn"),
        cell: (row) => <span data-range-of={row.key}>{totalRangeText(row.group)}</span>,
      },
    );
  }
  return (
    <section class="panel" aria-labelledby={`${props.id}-title`} data-testid={props.id}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <div class="table-scroll">
        <Table
          caption={props.title}
          columns={columns}
          rows={[...props.rows].sort((a, b) => b.tonnes - a.tonnes)}
          rowKey={(row) => row.key}
        />
      </div>
    </section>
  );
}
