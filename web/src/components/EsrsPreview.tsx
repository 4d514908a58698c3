// The ESRS E1-6 table as the API's file holds it, in the reader's words: what it is under
// (GWP set, period, factor editions, base year and whether it needs recalculating), then
// gross Scopes 1, 2 and 3 and the totals beside the base year and the targets.
import type { JSX } from "preact";
import { scope3CategoryLabel } from "../categories";
import {
  type EsrsItem,
  type EsrsRow,
  type EsrsTable,
  NOT_SET,
  type Tonnes,
  type TargetText,
} from "../esrs-table";
import { formatDateTime, formatMonth, formatNumber, t } from "../i18n";
import { Table } from "./Table";

function itemWords(item: EsrsItem, label: string): string {
  switch (item.kind) {
    case "scope1":
      return t("reports.esrsScope1");
    case "scope2":
      return t(
        item.method === "market" ? "reports.esrsScope2Market" : "reports.esrsScope2Location",
      );
    case "scope3":
      return t("reports.esrsScope3");
    case "category":
      return scope3CategoryLabel(item.number, label);
    case "total":
      return t(item.method === "market" ? "reports.esrsTotalMarket" : "reports.esrsTotalLocation");
    case "other":
      return label;
  }
}

/** A figure in tonnes by locale, or why the file has none. */
export function tonnesWords(value: Tonnes): string {
  if (typeof value === "number") return formatNumber(value);
  return t(value === NOT_SET ? "reports.notSet" : "reports.notCalculated");
}

function targetWords(targets: readonly TargetText[] | null, cell: string): string {
  if (targets === null) return cell; // not in the form the app reads: the file's own words
  if (targets.length === 0) return t("reports.notSet");
  return targets
    .map((target) =>
      t("reports.target", {
        pct: target.reductionPct,
        targetYear: target.targetYear,
        baseYear: target.baseYear,
        name: target.name,
      }),
    )
    .join("; ");
}

function rowKey(row: EsrsRow): string {
  const { item } = row;
  if (item.kind === "category") return `category-${item.number}`;
  if (item.kind === "scope2" || item.kind === "total") return `${item.kind}-${item.method}`;
  return item.kind === "other" ? row.label : item.kind;
}

export function EsrsPreview(props: {
  table: EsrsTable;
  year: string;
  onDownload: () => void;
}): JSX.Element {
  const { table } = props;
  const base = table.baseYear;
  return (
    <section class="esrs-preview" aria-labelledby="esrs-title" data-testid="esrs">
      <h2 id="esrs-title">{t("reports.esrsTitle", { year: props.year })}</h2>
      <dl class="facts">
        <div>
          <dt>{t("reports.metaGwp")}</dt>
          <dd>{table.gwpSet}</dd>
        </div>
        <div>
          <dt>{t("reports.metaPeriod")}</dt>
          <dd>
            {table.period &&
              t("reports.metaSpan", {
                from: formatMonth(table.period.from),
                to: formatMonth(table.period.to),
              })}
          </dd>
        </div>
        <div>
          <dt>{t("reports.metaBaseYear")}</dt>
          <dd>
            {base
              ? t("reports.metaBaseYearValue", {
                  year: base.year,
                  from: formatMonth(base.period.from),
                  to: formatMonth(base.period.to),
                  taken: formatDateTime(base.takenAt),
                })
              : t("reports.metaBaseYearNone")}
          </dd>
        </div>
        {table.recalculationNeeded !== null && (
          <div
            data-testid="recalculation"
            class={table.recalculationNeeded ? "facts-wide" : undefined}
          >
            <dt>{t("reports.metaRecalculation")}</dt>
            <dd>
              {table.recalculationNeeded
                ? t("reports.recalculationNeeded")
                : t("reports.recalculationNotNeeded")}
            </dd>
          </div>
        )}
        <div class="facts-wide">
          <dt>{t("reports.metaEditions")}</dt>
          <dd>
            {table.editions.length > 0 ? (
              <ul class="editions">
                {table.editions.map((edition) => (
                  <li key={edition}>{edition}</li>
                ))}
              </ul>
            ) : (
              t("reports.metaNoEditions")
            )}
          </dd>
        </div>
      </dl>
      <div class="table-scroll">
        <Table
          caption={t("reports.esrsCaption")}
          rows={table.rows}
          rowKey={rowKey}
          columns={[
            { key: "paragraph", header: t("reports.esrsParagraph"), cell: (row) => row.paragraph },
            {
              key: "item",
              header: t("reports.esrsItem"),
              cell: (row) => itemWords(row.item, row.label),
            },
            {
              key: "reporting",
              header: t("reports.esrsReportingYear"),
              numeric: true,
              cell: (row) => tonnesWords(row.reportingYear),
            },
            {
              key: "base",
              header: base
                ? t("reports.esrsBaseYear", { year: base.year })
                : t("reports.esrsNoBaseYear"),
              numeric: true,
              cell: (row) => tonnesWords(row.baseYear),
            },
            {
              key: "target",
              header: t("reports.esrsTarget"),
              cell: (row) => targetWords(row.targets, row.targetCell),
            },
          ]}
        />
      </div>
      <button type="button" onClick={props.onDownload}>
        {t("reports.download")}
      </button>
    </section>
  );
}
