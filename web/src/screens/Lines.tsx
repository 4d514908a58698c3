// Per-line results: an upload's, or the lines behind a total (the dashboard links each figure
// here with its filter), a page at a time, each with its provenance laid out.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { lines as linesPage } from "../api/emissions";
import type { GwpSet, Line } from "../api/types";
import { ErrorBanner } from "../components/ErrorBanner";
import { LineProvenance } from "../components/Provenance";
import { categoryLabel, scopeName } from "../categories";
import { describeError } from "../describe-error";
import { formatMonth, formatNumber, type MessageKey, t, useLocale } from "../i18n";
import { filterOf, gwpOf, type LinesFilter } from "../lines-filter";
import { rangeOf } from "../months";
import { Link, useLocation } from "../router";

export type SortKey = "order" | "period" | "facility" | "co2e";
type Direction = "ascending" | "descending";

/** The line's CO2e under the set asked for (the upload's own set when the line lacks it). */
export function co2eOf(line: Line, gwp: GwpSet): number {
  return line.co2e_kg_by_gwp_set[gwp] ?? line.co2e_kg;
}

/** The lines in the chosen order; "order" is the API's (upload, then row in the file). */
export function sortLines(
  lines: readonly Line[],
  key: SortKey,
  direction: Direction,
  gwp: GwpSet,
): Line[] {
  const sign = direction === "ascending" ? 1 : -1;
  const value = (line: Line): string | number => {
    if (key === "co2e") return co2eOf(line, gwp);
    if (key === "period") return line.period_start + line.period_end;
    if (key === "facility") return line.facility;
    return "";
  };
  if (key === "order") return direction === "ascending" ? [...lines] : [...lines].reverse();
  return [...lines].sort((a, b) => {
    const [left, right] = [value(a), value(b)];
    return (left < right ? -1 : left > right ? 1 : 0) * sign;
  });
}

/** The filter with the months it needs: an address without an upload or months gets the
 * last complete year. */
export function completed(filter: LinesFilter): LinesFilter {
  if (filter.upload || (filter.from && filter.to)) return filter;
  return { ...filter, ...rangeOf(new URLSearchParams()) };
}

/** What the lines shown are, in words. */
function described(filter: LinesFilter): string {
  const parts: string[] = [];
  if (filter.upload) parts.push(t("lines.ofUpload", { upload: filter.upload }));
  if (filter.from && filter.to) {
    parts.push(t("lines.months", { from: formatMonth(filter.from), to: formatMonth(filter.to) }));
  }
  if (filter.scope) parts.push(scopeName(filter.scope));
  if (filter.category) parts.push(categoryLabel(filter.category, null, null));
  if (filter.facility) parts.push(t("lines.atFacility", { facility: filter.facility }));
  return parts.join(" · ");
}

interface Loaded {
  readonly lines: readonly Line[];
  readonly next: string | null;
}

const COLUMNS: readonly { key: SortKey | null; label: MessageKey; numeric?: boolean }[] = [
  { key: "order", label: "lines.row" },
  { key: "facility", label: "lines.facility" },
  { key: "period", label: "lines.period" },
  { key: null, label: "lines.category" },
  { key: null, label: "lines.activity" },
  { key: null, label: "lines.quantity", numeric: true },
  { key: "co2e", label: "lines.co2e", numeric: true },
  { key: null, label: "lines.marketBased", numeric: true },
  { key: null, label: "lines.provenance" },
];

export function Lines(): JSX.Element {
  useLocale();
  const { query } = useLocation();
  const filter = completed(filterOf(query));
  const gwp = gwpOf(query);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({
    key: "order",
    direction: "ascending",
  });
  const [open, setOpen] = useState<string | null>(null);
  const filterKey = JSON.stringify(filter);

  const load = (previous: Loaded | null, current: () => boolean): void => {
    setBusy(true);
    setError(null);
    linesPage(filter, previous?.next ?? null).then(
      (page) => {
        if (!current()) return;
        setLoaded({ lines: [...(previous?.lines ?? []), ...page.lines], next: page.next_cursor });
        setBusy(false);
      },
      (failure: unknown) => {
        if (!current()) return;
        setError(failure);
        setBusy(false);
      },
    );
  };

  useEffect(() => {
    let current = true;
    setLoaded(null);
    setOpen(null);
    load(null, () => current);
    return () => {
      current = false;
    };
  }, [filterKey, attempt]);

  const shown = loaded ? sortLines(loaded.lines, sort.key, sort.direction, gwp) : [];
  const toggleSort = (key: SortKey): void =>
    setSort(
      sort.key === key
        ? { key, direction: sort.direction === "ascending" ? "descending" : "ascending" }
        : { key, direction: key === "co2e" ? "descending" : "ascending" },
    );

  return (
    <section aria-labelledby="lines-title">
      <h1 id="lines-title">{t("lines.title")}</h1>
      <p class="lead">{described(filter)}</p>
      <p class="field-hint">{t("lines.intro", { set: gwp })}</p>
      {error !== null && (
        <ErrorBanner
          message={describeError(error)}
          onRetry={() => (loaded ? load(loaded, () => true) : setAttempt(attempt + 1))}
        />
      )}
      {loaded === null && error === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {loaded && loaded.lines.length === 0 && loaded.next === null && (
        <p class="empty">{t("lines.empty")}</p>
      )}
      {loaded && loaded.lines.length > 0 && (
        <>
          <p class="rows" role="status">
            {t(loaded.next ? "lines.countMore" : "lines.count", {
              count: formatNumber(loaded.lines.length, 0),
            })}
          </p>
          <div class="table-scroll">
            <table class="lines" data-testid="lines">
              <caption>{t("lines.caption")}</caption>
              <thead>
                <tr>
                  {COLUMNS.map((column) => (
                    <th
                      key={column.label}
                      scope="col"
                      class={column.numeric ? "numeric" : undefined}
                      aria-sort={column.key && sort.key === column.key ? sort.direction : undefined}
                    >
                      {column.key ? (
                        <button
                          type="button"
                          class="sort"
                          onClick={() => column.key && toggleSort(column.key)}
                        >
                          {t(column.label)}
                        </button>
                      ) : (
                        t(column.label)
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((line) => (
                  <LineRow
                    key={`${line.upload_id}:${line.row}`}
                    line={line}
                    gwp={gwp}
                    open={open === `${line.upload_id}:${line.row}`}
                    onToggle={(id) => setOpen(open === id ? null : id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {loaded.lines.length > 1 && <p class="field-hint">{t("lines.sortHint")}</p>}
        </>
      )}
      {loaded && loaded.next && (
        <button type="button" disabled={busy} onClick={() => load(loaded, () => true)}>
          {busy ? t("app.loading") : t("lines.more")}
        </button>
      )}
      <p>
        <Link href="/">{t("lines.back")}</Link>
      </p>
    </section>
  );
}

function LineRow(props: {
  line: Line;
  gwp: GwpSet;
  open: boolean;
  onToggle: (id: string) => void;
}): JSX.Element {
  const { line, gwp } = props;
  const id = `${line.upload_id}:${line.row}`;
  const panel = `provenance-${line.upload_id}-${line.row}`;
  const quantity = `${formatNumber(line.quantity, 2)} ${line.unit ?? ""}`.trim();
  const distance =
    line.distance !== null ? `${formatNumber(line.distance, 2)} ${line.distance_unit ?? ""}` : "";
  return (
    <>
      <tr data-line={id}>
        <td class="nowrap">{t("lines.rowNumber", { row: line.row })}</td>
        <td>{line.facility}</td>
        <td class="period">
          {t("lines.periodValue", { from: line.period_start, to: line.period_end })}
        </td>
        <td>{categoryLabel(line.category, line.scope, line.ghg_category)}</td>
        <td class="identifier">{line.activity}</td>
        <td class="numeric">
          {quantity}
          {distance && <span class="figure-hint">{distance}</span>}
        </td>
        <td class="numeric nowrap">{formatNumber(co2eOf(line, gwp), 2)}</td>
        <td class="numeric">
          {line.market_based_co2e_kg !== null ? formatNumber(line.market_based_co2e_kg, 2) : "–"}
        </td>
        <td>
          <button
            type="button"
            class="button-secondary"
            aria-expanded={props.open}
            aria-controls={props.open ? panel : undefined}
            onClick={() => props.onToggle(id)}
          >
            {t(props.open ? "lines.hideProvenance" : "lines.showProvenance")}
            <span class="visually-hidden">{t("lines.ofRow", { row: line.row })}</span>
          </button>
        </td>
      </tr>
      {props.open && (
        <tr class="provenance-row">
          <td colSpan={COLUMNS.length}>
            <LineProvenance line={line} id={panel} />
          </td>
        </tr>
      )}
    </>
  );
}
