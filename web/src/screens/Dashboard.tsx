// The inventory dashboard: a reporting year's totals by scope, under a chosen GWP set.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { summary } from "../api/emissions";
import { GWP_SETS, type GwpSet, type Summary } from "../api/types";
import { ErrorBanner } from "../components/ErrorBanner";
import { describeError } from "../describe-error";
import { formatMonth, formatNumber, type MessageKey, t } from "../i18n";
import { navigate, useLocation } from "../router";

const YEARS_SHOWN = 6;

/** The year a report is usually made for: the last complete one. */
export function defaultYear(today: Date = new Date()): number {
  return today.getFullYear() - 1;
}

export interface Figure {
  readonly id: string;
  readonly label: MessageKey;
  readonly hint?: MessageKey;
  readonly tonnes: number;
  readonly unit: MessageKey;
}

/** The figures the dashboard shows, in t, from a summary grouped by scope. */
export function figuresOf(answer: Summary): readonly Figure[] {
  const scope = (key: string): number =>
    answer.groups.find((group) => group.key === key)?.co2e_t ?? 0;
  const unit = "dashboard.unit";
  return [
    {
      id: "scope-1",
      label: "dashboard.scope1",
      hint: "dashboard.scope1Hint",
      tonnes: scope("scope-1"),
      unit,
    },
    {
      id: "scope-2-location",
      label: "dashboard.scope2Location",
      hint: "dashboard.scope2Hint",
      tonnes: answer.scope_2.location_based_t,
      unit,
    },
    {
      id: "scope-2-market",
      label: "dashboard.scope2Market",
      hint: "dashboard.scope2Hint",
      tonnes: answer.scope_2.market_based_t,
      unit,
    },
    {
      id: "scope-3",
      label: "dashboard.scope3",
      hint: "dashboard.scope3Hint",
      tonnes: scope("scope-3"),
      unit,
    },
    { id: "total-location", label: "dashboard.totalLocation", tonnes: answer.totals.co2e_t, unit },
    {
      id: "total-market",
      label: "dashboard.totalMarket",
      tonnes: answer.totals.co2e_market_based_t,
      unit,
    },
  ];
}

function choice(query: URLSearchParams): { year: number; gwp: GwpSet } {
  const year = Number(query.get("year"));
  const gwp = query.get("gwp") as GwpSet | null;
  return {
    year: Number.isInteger(year) && year > 1900 ? year : defaultYear(),
    gwp: gwp && GWP_SETS.includes(gwp) ? gwp : "AR5",
  };
}

export function Dashboard(): JSX.Element {
  const { query } = useLocation();
  const { year, gwp } = choice(query);
  const [answer, setAnswer] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setAnswer(null);
    setError(null);
    summary(`${year}-01`, `${year}-12`, gwp).then(
      (result) => current && setAnswer(result),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [year, gwp, attempt]);

  // The choice lives in the address, so a reload or a shared link shows the same figures.
  const choose = (next: { year?: number; gwp?: GwpSet }): void => {
    const params = new URLSearchParams({
      year: String(next.year ?? year),
      gwp: next.gwp ?? gwp,
    });
    navigate(`/?${params.toString()}`, { replace: true });
  };

  const thisYear = defaultYear() + 1;
  const years = Array.from({ length: YEARS_SHOWN }, (_, index) => thisYear - index);
  if (!years.includes(year)) years.push(year);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard.title")}</h1>
      <p class="lead">{t("dashboard.intro")}</p>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="dashboard-year">{t("dashboard.year")}</label>
          <select
            id="dashboard-year"
            value={String(year)}
            onChange={(event) => choose({ year: Number(event.currentTarget.value) })}
          >
            {years.map((option) => (
              <option key={option} value={String(option)}>
                {option}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="dashboard-gwp">{t("dashboard.gwp")}</label>
          <select
            id="dashboard-gwp"
            value={gwp}
            onChange={(event) => choose({ gwp: event.currentTarget.value as GwpSet })}
          >
            {GWP_SETS.map((set) => (
              <option key={set} value={set}>
                {t("dashboard.gwpOption", { set })}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p class="range">
        {t("dashboard.range", { from: formatMonth(`${year}-01`), to: formatMonth(`${year}-12`) })}
      </p>
      {error !== null && (
        <ErrorBanner message={describeError(error)} onRetry={() => setAttempt(attempt + 1)} />
      )}
      {error === null && answer === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {answer && <Totals answer={answer} year={year} />}
    </section>
  );
}

function Totals(props: { answer: Summary; year: number }): JSX.Element {
  const { answer } = props;
  if (answer.totals.row_share === 0) {
    return <p class="empty">{t("dashboard.empty", { year: props.year })}</p>;
  }
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
              <span class="figure-value">{formatNumber(figure.tonnes)}</span>{" "}
              <span class="figure-unit">{t(figure.unit)}</span>
            </dd>
          </div>
        ))}
      </dl>
      <div class="figure figure-apart" data-figure="biogenic">
        <p class="figure-label">{t("dashboard.biogenic")}</p>
        <p>
          <span class="figure-value">{formatNumber(answer.totals.biogenic_co2_kg / 1000)}</span>{" "}
          <span class="figure-unit">{t("dashboard.unitBiogenic")}</span>
        </p>
        <p class="figure-hint">{t("dashboard.biogenicHint")}</p>
      </div>
      <p class="rows">{t("dashboard.rows", { rows: formatNumber(answer.totals.row_share, 0) })}</p>
    </div>
  );
}
