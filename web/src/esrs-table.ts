// The ESRS E1-6 report read back from the CSV GET /v1/reports/esrs-e1-6 answers, to show on
// screen what the file holds: its metadata rows (`metadata: <name>`, the value in the `item`
// column) and its disclosure rows (`E1-6`), the figures in tonnes CO2e. The API's words for a
// figure it has not ("not calculated", "not set") are kept as they are, to be worded by the
// screen. The shape is layers/footprint/footprint/domain/inventory/reports.py's.
import { parseCsv } from "./csv";
import type { MonthRange } from "./months";

export const NOT_CALCULATED = "not calculated";
export const NOT_SET = "not set";

/** A figure in tonnes CO2e, or why there is none. */
export type Tonnes = number | typeof NOT_CALCULATED | typeof NOT_SET;

/** What a disclosure row is about, read from its paragraph, item and Scope 2 method. */
export type EsrsItem =
  | { readonly kind: "scope1" | "scope3" }
  | { readonly kind: "scope2" | "total"; readonly method: "location" | "market" }
  | { readonly kind: "category"; readonly number: number }
  | { readonly kind: "other" };

/** A target as the table names it: "−42 % by 2030 against 2020 (name)". */
export interface TargetText {
  readonly reductionPct: number;
  readonly targetYear: number;
  readonly baseYear: number;
  readonly name: string;
}

export interface EsrsRow {
  readonly paragraph: string;
  /** The API's own words for the item, shown where the app has none of its own. */
  readonly label: string;
  readonly item: EsrsItem;
  readonly reportingYear: Tonnes;
  /** The base year's figure of the same row, under the same GWP set. */
  readonly baseYear: Tonnes;
  /** The targets covering the row; null where the cell is not in the API's form. */
  readonly targets: readonly TargetText[] | null;
  readonly targetCell: string;
}

export interface EsrsTable {
  /** "IPCC AR5 GWP-100", as the file names it. */
  readonly gwpSet: string;
  readonly period: MonthRange | null;
  readonly editions: readonly string[];
  /** The base year's snapshot, or null when no base year is set. */
  readonly baseYear: {
    readonly year: number;
    readonly period: MonthRange;
    readonly takenAt: string;
  } | null;
  /** Whether what is published for the base year now moved it past the threshold. */
  readonly recalculationNeeded: boolean | null;
  readonly rows: readonly EsrsRow[];
}

const METADATA = "metadata: ";
const SPAN = /^(\d{4}-\d{2}) to (\d{4}-\d{2})$/;
const BASE_YEAR = /^(\d{4}): (\d{4}-\d{2}) to (\d{4}-\d{2}), snapshot of (\S+)$/;
const CATEGORY = /^Scope 3 category (\d+):/;
// One target: the reduction, the target year, the base year and the target's name.
const TARGET = /\u2212(\d+(?:\.\d+)?) % by (\d{4}) against (\d{4}) \((.*?)\)(?=; \u2212\d|$)/gu;

function tonnes(cell: string): Tonnes {
  if (cell === NOT_CALCULATED || cell === NOT_SET) return cell;
  const value = Number(cell);
  return cell !== "" && Number.isFinite(value) ? value : NOT_CALCULATED;
}

function method(cell: string): "location" | "market" {
  return cell === "market-based" ? "market" : "location";
}

function itemOf(paragraph: string, label: string, scope2Method: string): EsrsItem {
  if (paragraph === "44(a)") return { kind: "scope1" };
  if (paragraph === "44(b)") return { kind: "scope2", method: method(scope2Method) };
  if (paragraph.startsWith("44(d)")) return { kind: "total", method: method(scope2Method) };
  if (paragraph === "44(c)") {
    const category = CATEGORY.exec(label);
    return category ? { kind: "category", number: Number(category[1]) } : { kind: "scope3" };
  }
  return { kind: "other" };
}

/** The targets a cell names, [] for "not set", or null when it is not in the API's form. */
export function targetsOf(cell: string): readonly TargetText[] | null {
  if (cell === NOT_SET) return [];
  const found = [...cell.matchAll(TARGET)];
  const rebuilt = found.map((match) => match[0]).join("; ");
  if (found.length === 0 || rebuilt !== cell) return null;
  return found.map((match) => ({
    reductionPct: Number(match[1]),
    targetYear: Number(match[2]),
    baseYear: Number(match[3]),
    name: match[4] ?? "",
  }));
}

function span(text: string | undefined): MonthRange | null {
  const found = SPAN.exec(text ?? "");
  return found ? { from: found[1] ?? "", to: found[2] ?? "" } : null;
}

/** The ESRS E1-6 table of the API's CSV. */
export function esrsTable(csv: string): EsrsTable {
  const [header = [], ...lines] = parseCsv(csv);
  const at = (line: readonly string[], name: string): string => line[header.indexOf(name)] ?? "";
  const metadata = new Map<string, string>();
  const rows: EsrsRow[] = [];
  for (const line of lines) {
    const first = at(line, "disclosure");
    if (first.startsWith(METADATA)) {
      metadata.set(first.slice(METADATA.length), at(line, "item"));
    } else if (first === "E1-6") {
      const paragraph = at(line, "esrs_e1_paragraph");
      const label = at(line, "item");
      rows.push({
        paragraph,
        label,
        item: itemOf(paragraph, label, at(line, "scope_2_method")),
        reportingYear: tonnes(at(line, "reporting_year_t")),
        baseYear: tonnes(at(line, "base_year_t")),
        targets: targetsOf(at(line, "target")),
        targetCell: at(line, "target"),
      });
    }
  }
  const base = BASE_YEAR.exec(metadata.get("base_year") ?? "");
  const recalculation = metadata.get("base_year_recalculation");
  return {
    gwpSet: metadata.get("gwp_set") ?? "",
    period: span(metadata.get("period")),
    editions: (metadata.get("factor_editions") ?? "").split("; ").filter(Boolean),
    baseYear: base
      ? {
          year: Number(base[1]),
          period: { from: base[2] ?? "", to: base[3] ?? "" },
          takenAt: base[4] ?? "",
        }
      : null,
    recalculationNeeded: recalculation === undefined ? null : recalculation.startsWith("needed"),
    rows,
  };
}
