// Spans of months (`YYYY-MM`, both ends included), as the emissions routes take them.

export interface MonthRange {
  readonly from: string;
  readonly to: string;
}

export const MONTH = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

/** The year a report is usually made for: the last complete one. */
export function defaultYear(today: Date = new Date()): number {
  return today.getFullYear() - 1;
}

export function yearRange(year: number): MonthRange {
  return { from: `${year}-01`, to: `${year}-12` };
}

/** The year the range covers exactly (January to December), or null. */
export function wholeYear(range: MonthRange): number | null {
  const year = range.from.slice(0, 4);
  return range.from.endsWith("-01") && range.to === `${year}-12` ? Number(year) : null;
}

/** The same months a year earlier, for the change against the previous year. */
export function yearBefore(range: MonthRange): MonthRange {
  const back = (month: string): string => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  return { from: back(range.from), to: back(range.to) };
}

/** Every month of the range, in order (none when it is reversed). */
export function monthsOf(range: MonthRange): string[] {
  const months: string[] = [];
  let year = Number(range.from.slice(0, 4));
  let month = Number(range.from.slice(5));
  const last = range.to;
  for (;;) {
    const text = `${year}-${String(month).padStart(2, "0")}`;
    if (text > last || months.length >= 1200) return months;
    months.push(text);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/**
 * The range an address names: `from` and `to` as given (the API checks them), else `year`,
 * else the last complete year.
 */
export function rangeOf(query: URLSearchParams, today: Date = new Date()): MonthRange {
  const from = query.get("from");
  const to = query.get("to");
  if (from && to) return { from, to };
  const year = Number(query.get("year"));
  return yearRange(Number.isInteger(year) && year > 1900 ? year : defaultYear(today));
}

/**
 * The months of reporting year `year` for a tenant whose year begins in `startMonth` (1 to
 * 12): a year is named by the calendar year it begins in, so 2024 from April is 2024-04 to
 * 2025-03 (the API's reporting year, docs/inventory-management.md).
 */
export function reportingYear(year: number, startMonth: number): MonthRange {
  const month = (at: number, number: number): string => `${at}-${String(number).padStart(2, "0")}`;
  if (startMonth === 1) return yearRange(year);
  return { from: month(year, startMonth), to: month(year + 1, startMonth - 1) };
}

/** The latest reporting year that ended before this month: the one a report is usually for. */
export function lastCompleteReportingYear(startMonth: number, today: Date = new Date()): number {
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}`;
  let year = today.getFullYear();
  while (reportingYear(year, startMonth).to >= thisMonth) year -= 1;
  return year;
}
