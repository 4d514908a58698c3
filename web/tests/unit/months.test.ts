// Spans of months and the Lines screen's address: what the dashboard links to is what the
// Lines screen reads back.
import { describe, expect, test } from "vitest";
import { filterOf, gwpOf, linesHref } from "../../src/lines-filter";
import {
  lastCompleteReportingYear,
  monthsOf,
  rangeOf,
  reportingYear,
  wholeYear,
  yearBefore,
  yearRange,
} from "../../src/months";

describe("spans of months", () => {
  test("a reporting year is named by the calendar year it begins in", () => {
    expect(reportingYear(2024, 4)).toEqual({ from: "2024-04", to: "2025-03" });
    expect(reportingYear(2024, 1)).toEqual({ from: "2024-01", to: "2024-12" });
    expect(reportingYear(2024, 12)).toEqual({ from: "2024-12", to: "2025-11" });
  });

  test("the last complete reporting year is the latest that ended before this month", () => {
    expect(lastCompleteReportingYear(4, new Date(2026, 11, 6))).toBe(2025); // to 2026-03
    expect(lastCompleteReportingYear(4, new Date(2026, 3, 1))).toBe(2025); // March just ended
    expect(lastCompleteReportingYear(4, new Date(2026, 2, 31))).toBe(2024); // March not ended
    expect(lastCompleteReportingYear(1, new Date(2026, 0, 15))).toBe(2025);
  });

  test("a year, the same months a year before, and every month in order", () => {
    expect(yearRange(2025)).toEqual({ from: "2025-01", to: "2025-12" });
    expect(yearBefore({ from: "2025-11", to: "2026-02" })).toEqual({
      from: "2024-11",
      to: "2025-02",
    });
    expect(monthsOf({ from: "2025-11", to: "2026-02" })).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
    expect(monthsOf({ from: "2025-03", to: "2025-01" })).toEqual([]);
  });

  test("a whole year is recognised, any other span is not", () => {
    expect(wholeYear({ from: "2024-01", to: "2024-12" })).toBe(2024);
    expect(wholeYear({ from: "2024-01", to: "2024-11" })).toBeNull();
    expect(wholeYear({ from: "2024-02", to: "2025-01" })).toBeNull();
  });

  test("the address names months, or a year, or else the last complete year", () => {
    const today = new Date(2026, 4, 1);
    expect(rangeOf(new URLSearchParams("from=2025-03&to=2025-05"), today)).toEqual({
      from: "2025-03",
      to: "2025-05",
    });
    expect(rangeOf(new URLSearchParams("year=2023"), today)).toEqual(yearRange(2023));
    expect(rangeOf(new URLSearchParams("year=nonsense"), today)).toEqual(yearRange(2025));
  });
});

describe("the Lines screen's address", () => {
  test("a filter and GWP set survive the trip through a link", () => {
    const href = linesHref(
      {
        from: "2025-01",
        to: "2025-12",
        scope: 3,
        category: "business_travel",
        facility: "HQ & Co",
      },
      "AR6",
    );
    const query = new URL(href, "http://app.example").searchParams;
    expect(filterOf(query)).toEqual({
      from: "2025-01",
      to: "2025-12",
      scope: 3,
      category: "business_travel",
      facility: "HQ & Co",
    });
    expect(gwpOf(query)).toBe("AR6");
  });

  test("an unknown scope or GWP set is dropped, not sent", () => {
    const query = new URLSearchParams("upload=abc&scope=7&gwp=AR9");
    expect(filterOf(query)).toEqual({ upload: "abc" });
    expect(gwpOf(query)).toBe("AR5");
  });
});
