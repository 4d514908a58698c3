// The reports the API makes (the file is the server's, not the app's): the GHG Protocol
// inventory of a span of months, and a reporting year's CDP- and ESRS E1-6-shaped tables,
// each a CSV.
import { download } from "./client";
import type { GwpSet } from "./types";
import type { MonthRange } from "../months";

export interface ReportFile {
  readonly blob: Blob;
  readonly filename: string;
}

/** The disclosure-shaped reports of a reporting year. */
export type YearReport = "cdp" | "esrs-e1-6";

/** The GHG Protocol inventory of a range as a CSV file; the base year the tenant's if empty. */
export function inventoryCsv(
  range: MonthRange,
  gwp: GwpSet,
  baseYear: string,
): Promise<ReportFile> {
  return download(
    "/emissions/export",
    { from: range.from, to: range.to, gwp, base_year: baseYear || undefined, format: "csv" },
    `inventory-${range.from}-${range.to}.csv`,
  );
}

/** The CDP (C6/C7) or ESRS E1-6 table of reporting year `year` (`YYYY`) as a CSV file. */
export function yearReportCsv(report: YearReport, year: string, gwp: GwpSet): Promise<ReportFile> {
  const name = report === "cdp" ? "cdp-climate" : report;
  return download(`/reports/${report}`, { year, gwp }, `${name}-${year}.csv`);
}
