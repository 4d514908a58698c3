// Data quality and uncertainty in words: a total's score and the share it covers, a range and
// what it leaves out, the reason for none; the dashboard's figures from the summary the totals
// already ask for (no request of their own), the base year beside them, and a line's
// provenance with its score, reasons and range.
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { tenantTokens } from "../../src/api/tokens";
import type {
  BaseYearBeside,
  Line,
  Summary,
  SummaryGroup,
  TotalUncertainty,
} from "../../src/api/types";
import { LineProvenance } from "../../src/components/Provenance";
import {
  lineRangeText,
  qualityText,
  reasonText,
  totalRangeText,
} from "../../src/components/Quality";
import { setLocale } from "../../src/i18n";
import { Dashboard } from "../../src/screens/Dashboard";
import { MeContext } from "../../src/session";
import { me, serve, settled } from "../support/fake-api";

// uPlot draws on a canvas, which happy-dom has not: the chart is checked in the browser tests.
vi.mock("../../src/components/trend-plot", () => ({
  drawTrend: () => ({ resize: () => undefined, destroy: () => undefined }),
}));

const NO_DEFAULT =
  "no published default for the activity data and the factor uncertainty: none was found";

function range(kg: number, halfWidthKg: number, coveredKg: number): TotalUncertainty {
  return {
    confidence: 0.95,
    half_width_kg: halfWidthKg,
    half_width_pct: (100 * halfWidthKg) / coveredKg,
    low_kg: kg - halfWidthKg,
    high_kg: kg + halfWidthKg,
    covered_co2e_kg: coveredKg,
    not_covered_co2e_kg: kg - coveredKg,
    method: "IPCC Approach 1",
  };
}

let root: HTMLElement;

beforeEach(() => {
  setLocale("en");
  tenantTokens.hold({ access_token: "t", expires_in: 600, token_type: "Bearer" });
  root = document.createElement("div");
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
  tenantTokens.forget();
  window.history.replaceState(null, "", "/");
});

describe("a total's quality and range in words", () => {
  test("a score covering all of the CO2e, part of it, or none", () => {
    expect(qualityText({ quality_score: 2.25, quality_coverage: 1 })).toBe("2.3 of 5");
    expect(qualityText({ quality_score: 3.5, quality_coverage: 0.625 })).toBe(
      "3.5 of 5, scored for 62.5 % of the CO2e",
    );
    expect(qualityText({ quality_score: null, quality_coverage: 0 })).toBe("Not scored");
    setLocale("ja");
    expect(qualityText({ quality_score: 3.5, quality_coverage: 0.625 })).toBe(
      "5 段階中 3.5（CO2e の 62.5 % についての評価）",
    );
  });

  test("a range over all of the CO2e, over part of it, and none with its reason", () => {
    expect(totalRangeText({ uncertainty: range(10_000, 1_234.5, 10_000) })).toBe(
      "± 1.2 t CO2e (± 12.3 %)",
    );
    expect(totalRangeText({ uncertainty: range(10_000, 400, 8_000) })).toBe(
      "± 0.4 t CO2e (± 5.0 %) over 8.0 t CO2e; 2.0 t CO2e have no range",
    );
    expect(totalRangeText({ uncertainty: null, uncertainty_reason: "no published default" })).toBe(
      "No range: no published default for this category",
    );
    // A reason the app has no words for is shown as the API gave it.
    expect(totalRangeText({ uncertainty: null, uncertainty_reason: "aggregated elsewhere" })).toBe(
      "aggregated elsewhere",
    );
    setLocale("ja");
    expect(totalRangeText({ uncertainty: null, uncertainty_reason: NO_DEFAULT })).toBe(
      "範囲なし: この区分には公表された既定値がありません",
    );
    expect(totalRangeText({ uncertainty: range(10_000, 400, 8_000) })).toBe(
      "8.0 t-CO2e に対して ± 0.4 t-CO2e（± 5.0 %）。2.0 t-CO2e には範囲がありません",
    );
  });

  test("a line's range in kg, low to high, and each rule by its own words", () => {
    expect(
      lineRangeText({
        uncertainty: {
          confidence: 0.95,
          half_width_kg: 12.5,
          half_width_pct: 5,
          low_kg: 237.5,
          high_kg: 262.5,
        },
      }),
    ).toBe("± 12.50 kg (± 5.0 %): 237.50 to 262.50 kg");
    const start = { rule: "physical_activity", indicator: "technological", points: 2, reason: "x" };
    const older = { rule: "older_edition", indicator: "temporal", points: 1, reason: "x" };
    expect(reasonText(start)).toBe(
      "Physical activity data (a metered or measured amount) with a published average factor (technological): starts at 2",
    );
    expect(reasonText(older)).toMatch(/older than the activity year.*\(temporal\): \+1$/);
    const unknown = { rule: "new_rule", indicator: "novel", points: 1, reason: "the API's words" };
    expect(reasonText(unknown)).toBe("the API's words (novel): +1");
  });
});

function group(key: string, kg: number, extra: Partial<SummaryGroup> = {}): SummaryGroup {
  return {
    key,
    row_share: 1,
    co2e_kg: kg,
    co2e_t: kg / 1000,
    gases_kg: {},
    biogenic_co2_kg: 0,
    co2e_kg_by_scope: {},
    ...extra,
  };
}

function summaryOf(url: URL, groups: SummaryGroup[], extra: Partial<Summary> = {}): Summary {
  return {
    from: url.searchParams.get("from") ?? "",
    to: url.searchParams.get("to") ?? "",
    gwp_set: "AR5",
    group_by: (url.searchParams.get("group_by") ?? "scope") as Summary["group_by"],
    totals: {
      row_share: 3,
      co2e_kg: 6000,
      co2e_t: 6,
      gases_kg: {},
      biogenic_co2_kg: 0,
      co2e_market_based_kg: 5000,
      co2e_market_based_t: 5,
      quality_score: 2.75,
      quality_coverage: 0.5,
      uncertainty: null,
      uncertainty_reason: "no published default",
    },
    scope_2: {
      location_based_kg: 2000,
      market_based_kg: 1000,
      location_based_t: 2,
      market_based_t: 1,
    },
    groups,
    ...extra,
  };
}

const BY_SCOPE = [
  group("scope-1", 1000, {
    quality_score: 2,
    quality_coverage: 1,
    uncertainty: range(1000, 50, 1000),
  }),
  group("scope-2", 2000, { quality_score: 3, quality_coverage: 1, uncertainty: null }),
  group("scope-3", 3000, { quality_score: null, quality_coverage: 0, uncertainty: null }),
];

const BASE_YEAR: BaseYearBeside = {
  base_year: 2023,
  from: "2023-01",
  to: "2023-12",
  snapshot_taken_at: "2026-01-01T00:00:00Z",
  figures: {
    scope_1: 1500,
    scope_2_location: 2500,
    scope_2_market: 1200,
    scope_3: 3500,
    total_location: 7500,
    total_market: 6200,
  },
  recalculation_needed: true,
};

function dashboard(baseYear: BaseYearBeside | null, role: "admin" | "viewer" = "viewer") {
  window.history.replaceState(null, "", "/?year=2025&gwp=AR5");
  const asked = serve({
    "/v1/emissions/summary": (url) => {
      const by = url.searchParams.get("group_by");
      if (by === "category") {
        return {
          body: summaryOf(url, [
            group("stationary_combustion", 1000, {
              scope: 1,
              quality_score: 2,
              quality_coverage: 1,
              uncertainty: null,
              uncertainty_reason: NO_DEFAULT,
            }),
          ]),
        };
      }
      if (by === "scope") return { body: summaryOf(url, BY_SCOPE, { base_year: baseYear }) };
      return { body: summaryOf(url, []) };
    },
  });
  render(
    <MeContext.Provider value={me(role)}>
      <Dashboard />
    </MeContext.Provider>,
    root,
  );
  return asked;
}

describe("the dashboard", () => {
  test("shows each scope's score and range from the totals' own answer, before anything else", async () => {
    const asked = dashboard(null);
    const scope1 = await settled(root, '[data-quality-of="scope-1"]');
    expect(scope1.textContent).toBe("2.0 of 5");
    const text = (selector: string): string => root.querySelector(selector)?.textContent ?? "";
    expect(text('[data-range-of="scope-1"]')).toBe("± 0.1 t CO2e (± 5.0 %)");
    expect(text('[data-quality-of="scope-3"]')).toBe("Not scored");
    expect(text('[data-range-of="scope-2"]')).toBe(
      "No range: no published default for this category",
    );
    expect(text('[data-quality-of="total"]')).toBe("2.8 of 5, scored for 50.0 % of the CO2e");
    // The category breakdown carries its own, once it comes.
    const category = await settled(root, '[data-testid="by-category"] [data-quality-of]');
    expect(category.textContent).toBe("2.0 of 5");
    expect(text('[data-testid="by-category"] [data-range-of]')).toMatch(/^No range/);
    // No request of their own: the dashboard's five summaries, as before (the totals, then the
    // months, categories, facilities and the year before).
    expect(asked.map((url) => `${url.pathname} ${url.searchParams.get("group_by")}`)).toEqual([
      "/v1/emissions/summary scope",
      "/v1/emissions/summary month",
      "/v1/emissions/summary category",
      "/v1/emissions/summary facility",
      "/v1/emissions/summary scope",
    ]);
  });

  test("puts the base year's figures beside the year's, with a notice when it needs recalculating", async () => {
    dashboard(BASE_YEAR);
    await settled(root, '[data-base-year="scope-1"]');
    const beside = (id: string): string =>
      root.querySelector(`[data-base-year="${id}"]`)?.textContent ?? "";
    expect(beside("scope-1")).toBe("Base year 2023: 1.5");
    expect(beside("scope-2-market")).toBe("Base year 2023: 1.2");
    expect(beside("total-location")).toBe("Base year 2023: 7.5");
    const notice = root.querySelector('[data-testid="base-year-recalculation"]');
    expect(notice?.textContent).toMatch(/moved past the recalculation threshold/);
    expect(notice?.querySelector("a")?.getAttribute("href")).toBe("/inventory/base-year");
    setLocale("ja");
    await vi.waitFor(() => expect(beside("scope-1")).toBe("基準年 2023: 1.5"));
  });

  test("without a base year shows nothing of it, but an admin a one-line hint", async () => {
    dashboard(null, "viewer");
    await settled(root, '[data-quality-of="scope-1"]');
    expect(root.querySelector("[data-base-year]")).toBeNull();
    expect(root.querySelector('[data-testid="base-year-hint"]')).toBeNull();
    render(null, root);
    dashboard(null, "admin");
    const hint = await settled(root, '[data-testid="base-year-hint"]');
    expect(hint.querySelector("a")?.getAttribute("href")).toBe("/admin/inventory");
    expect(root.querySelector('[data-testid="base-year-recalculation"]')).toBeNull();
  });
});

function line(extra: Partial<Line>): Line {
  return {
    upload_id: "u1",
    row: 2,
    facility: "Plant",
    period_start: "2025-01-01",
    period_end: "2025-01-31",
    category: "electricity",
    activity: "grid",
    quantity: 1000,
    unit: "kWh",
    distance: null,
    distance_unit: null,
    scope: 2,
    ghg_category: null,
    co2e_kg: 250,
    co2e_kg_by_gwp_set: { AR5: 250 },
    market_based_co2e_kg: 250,
    market_basis: "location",
    biogenic_co2_kg: 0,
    reference: null,
    provenance: { factors: [], gwp_set: "AR5", gwp: {}, unit_path: [], formula: "", notes: [] },
    ...extra,
  };
}

describe("a line's provenance", () => {
  test("gives its score with one reason per rule, and why it has no range", () => {
    const scored = line({
      quality: {
        score: 3,
        reasons: [
          { rule: "physical_activity", indicator: "technological", points: 2, reason: "x" },
          { rule: "location_for_market", indicator: "completeness", points: 1, reason: "x" },
        ],
      },
      uncertainty: null,
      uncertainty_reason: NO_DEFAULT,
    });
    render(<LineProvenance line={scored} id="p" />, root);
    expect(root.querySelector("[data-quality]")?.getAttribute("data-quality")).toBe("3");
    expect(root.querySelector(".quality-score")?.textContent).toBe("3 of 5");
    const reasons = [...root.querySelectorAll(".quality-reasons li")].map((li) => li.textContent);
    expect(reasons).toHaveLength(2);
    expect(reasons[1]).toMatch(/location-based factor stands for the market-based.*\+1$/);
    expect(root.querySelector('[data-range="none"]')?.textContent).toBe(
      "No range: no published default for this category",
    );
    // What the API says was searched follows, in its own words.
    expect(root.querySelector("[data-range-detail]")?.textContent).toBe(NO_DEFAULT);
    setLocale("ja");
    render(<LineProvenance line={scored} id="p" />, root);
    expect(root.querySelector('[data-range="none"]')?.textContent).toBe(
      "範囲なし: この区分には公表された既定値がありません",
    );
  });

  test("a line stored before scoring says so, and a range shows as ± kg and %", () => {
    const old = line({
      quality: null,
      uncertainty: {
        confidence: 0.95,
        half_width_kg: 25,
        half_width_pct: 10,
        low_kg: 225,
        high_kg: 275,
      },
    });
    render(<LineProvenance line={old} id="p" />, root);
    expect(root.querySelector('[data-quality="none"]')?.textContent).toMatch(/^Not scored/);
    expect(root.querySelector('[data-range="range"]')?.textContent).toBe(
      "± 25.00 kg (± 10.0 %): 225.00 to 275.00 kg",
    );
  });
});
