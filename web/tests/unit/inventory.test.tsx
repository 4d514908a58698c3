// Inventory settings and the base year: the default threshold the API declares, what a save
// changed, a refusal beside its field in either language, the base year's figures and verdict
// in words, and who may recalculate.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import type {
  BaseYearChange,
  BaseYearSnapshot,
  BaseYearStatus,
  InventorySettings as Settings,
  ScopeFigures,
  Summary,
} from "../../src/api/types";
import { DEFAULT_RECALCULATION_THRESHOLD_PCT } from "../../src/api/types";
import { typedNumber } from "../../src/inventory-words";
import { setLocale } from "../../src/i18n";
import {
  BaseYear,
  beyondThreshold,
  changeWords,
  publishedFigures,
  thresholdWords,
} from "../../src/screens/BaseYear";
import { changesMade, InventorySettings } from "../../src/screens/admin/InventorySettings";
import {
  api,
  buttons,
  check,
  errorBeside,
  json,
  NOT_FOUND,
  press,
  renderAs,
  submit,
  type,
} from "./fake-api";

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

const UNSET: Settings = {
  configured: false,
  base_year: null,
  reporting_year_start_month: 1,
  consolidation: null,
  recalculation_threshold_pct: 5,
  base_year_from: null,
  base_year_to: null,
  snapshot_taken: false,
};

const SET: Settings = {
  configured: true,
  base_year: 2025,
  reporting_year_start_month: 4,
  consolidation: "operational",
  recalculation_threshold_pct: 5,
  base_year_from: "2025-04",
  base_year_to: "2026-03",
  snapshot_taken: true,
};

describe("inventory settings", () => {
  test("the default threshold is the one the OpenAPI document declares", () => {
    const document = JSON.parse(
      readFileSync(
        join(__dirname, "..", "..", "..", "layers/footprint/footprint/api/openapi.json"),
        "utf-8",
      ),
    ) as {
      components: { schemas: Record<string, { properties: Record<string, { default?: number }> }> };
    };
    const declared =
      document.components.schemas["InventorySettingsBody"]?.properties[
        "recalculation_threshold_pct"
      ]?.default;
    expect(DEFAULT_RECALCULATION_THRESHOLD_PCT).toBe(declared);
  });

  test("a number typed in full-width digits is read; blank or not a number is left to the API", () => {
    expect(typedNumber("２０２４")).toBe(2024);
    expect(typedNumber(" 2.5 ")).toBe(2.5);
    expect(typedNumber("")).toBeNull();
    expect(typedNumber("abc")).toBeNull();
  });

  test("a save says what it changed; a first save lists every setting", () => {
    const moved: Settings = { ...SET, base_year: 2024, recalculation_threshold_pct: 7.5 };
    expect(changesMade(SET, moved)).toEqual([
      "Base year: 2025 → 2024",
      "Recalculation threshold (%): 5% → 7.5%",
    ]);
    expect(changesMade(SET, SET)).toEqual([]);
    expect(changesMade(UNSET, SET)).toEqual([
      "Base year: 2025",
      "Reporting year begins in: April",
      "Consolidation approach: Operational control",
      "Recalculation threshold (%): 5%",
    ]);
    setLocale("ja");
    expect(changesMade(SET, moved)[0]).toBe("基準年: 2025 → 2024");
  });

  test("an unset inventory shows the defaults; saving sends the form and shows what changed", async () => {
    const calls = api({
      "GET /v1/tenant/inventory": () => json(UNSET),
      "PUT /v1/tenant/inventory": () => json(SET),
    });
    const root = renderAs("admin", <InventorySettings />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    expect(root.textContent).toContain("No base year is set yet.");
    expect(root.querySelector<HTMLInputElement>("[name=recalculation_threshold_pct]")?.value).toBe(
      "5",
    );
    expect(root.textContent).toContain("Default 5%.");
    type(root, "base_year", "2025");
    type(root, "reporting_year_start_month", "4");
    check(root, "#consolidation-operational");
    await submit(root.querySelector("form")!);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=saved]")).not.toBeNull());
    expect(calls.at(-1)).toMatchObject({
      method: "PUT",
      path: "/v1/tenant/inventory",
      body: {
        base_year: 2025,
        reporting_year_start_month: 4,
        consolidation: "operational",
        recalculation_threshold_pct: 5,
      },
    });
    const saved = root.querySelector("[data-testid=saved]")!.textContent ?? "";
    expect(saved).toContain("Base year: 2025");
    expect(saved).toContain("A snapshot of the base year 2025 (April 2025 to March 2026)");
  });

  test("a refusal goes beside the field it names, worded in the reader's language", async () => {
    api({
      "GET /v1/tenant/inventory": () => json(SET),
      "PUT /v1/tenant/inventory": () =>
        json(
          {
            error: {
              code: "invalid_input",
              message: "The request is not valid.",
              details: {
                errors: [
                  {
                    field: "recalculation_threshold_pct",
                    location: "body",
                    type: "greater_than",
                    ctx: { gt: 0 },
                    message: "Input should be greater than 0",
                  },
                ],
              },
            },
          },
          400,
        ),
    });
    const root = renderAs("admin", <InventorySettings />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    type(root, "recalculation_threshold_pct", "0");
    await submit(root.querySelector("form")!);
    await vi.waitFor(() =>
      expect(errorBeside(root, "recalculation_threshold_pct")).toBe(
        "Enter a number greater than 0.",
      ),
    );
    expect(errorBeside(root, "base_year")).toBeNull();
    expect(root.querySelector("[data-testid=saved]")).toBeNull();
    setLocale("ja");
    renderAs("admin", <InventorySettings />, root);
    await vi.waitFor(() =>
      expect(errorBeside(root, "recalculation_threshold_pct")).toBe(
        "0 より大きい数を入力してください。",
      ),
    );
  });
});

const figures = (total: number): ScopeFigures => ({
  scope_1: total * 0.5,
  scope_2_location: total * 0.3,
  scope_2_market: total * 0.2,
  scope_3: total * 0.2,
  total_location: total,
  total_market: total * 0.9,
});

const SNAPSHOT: BaseYearSnapshot = {
  snapshot_id: "s-1",
  taken_at: "2026-12-01T09:00:00Z",
  taken_by: "u-me",
  reason: "base_year_set",
  base_year: 2025,
  from: "2025-01",
  to: "2025-12",
  figures: { AR5: figures(100_000), AR6: figures(104_000) },
  calculations: 3,
};

const change = (over: Partial<BaseYearChange>): BaseYearChange => ({
  gwp_set: "AR5",
  method: "location",
  old_co2e_kg: 100_000,
  new_co2e_kg: 108_000,
  change_pct: 8,
  ...over,
});

const STATUS: BaseYearStatus = {
  base_year: 2025,
  recalculation_threshold_pct: 5,
  recalculation_needed: true,
  gwp_set: "AR5",
  snapshot: SNAPSHOT,
  changes: [change({}), change({ method: "market", new_co2e_kg: 92_000, change_pct: 2.2 })],
  causes: [
    {
      kind: "upload_recalculated",
      upload_id: "u-1",
      old_calculation_id: "c-1",
      new_calculation_id: "c-2",
      editions_removed: ["epa_hub-2024"],
      editions_added: ["epa_hub-2025"],
      old_co2e_kg: 40_000,
      new_co2e_kg: 48_000,
      change_of_base_year_pct: 8,
    },
  ],
};

/** The base year's months as the summary answers them now: 108 t, location-based. */
const NOW = {
  from: "2025-01",
  to: "2025-12",
  gwp_set: "AR5",
  group_by: "scope",
  totals: { co2e_kg: 108_000, co2e_market_based_kg: 92_000 },
  scope_2: { location_based_kg: 38_000, market_based_kg: 22_000 },
  groups: [
    { key: "scope-1", co2e_kg: 50_000 },
    { key: "scope-3", co2e_kg: 20_000 },
  ],
} as unknown as Summary;

function baseYearApi(overrides: Record<string, (body: unknown) => Response> = {}) {
  return api({
    "GET /v1/inventory/base-year": () => json(STATUS),
    "GET /v1/inventory/base-year/history": () => json({ snapshots: [SNAPSHOT] }),
    "GET /v1/emissions/summary": () => json(NOW),
    ...overrides,
  });
}

describe("the base year", () => {
  test("a change exactly at the threshold is within it; from nothing, anything is beyond", () => {
    expect(beyondThreshold(change({ change_pct: 5 }), 5)).toBe(false);
    expect(beyondThreshold(change({ change_pct: -5.01 }), 5)).toBe(true);
    expect(beyondThreshold(change({ change_pct: null, new_co2e_kg: 1 }), 5)).toBe(true);
    expect(thresholdWords(change({ change_pct: null, new_co2e_kg: 0 }), 5)).toBe(
      "Nothing published, then or now",
    );
    expect(thresholdWords(change({ change_pct: 5 }), 5)).toBe("Within the 5% threshold");
    expect(changeWords(-2.5)).toBe("2.5% less");
    // The same figures summed in another order: no change to speak of.
    expect(changeWords(-1e-12)).toBe("No change");
    setLocale("ja");
    expect(thresholdWords(change({ change_pct: 8 }), 5)).toBe("しきい値 5% を超過");
    expect(changeWords(8)).toBe("8% 増");
  });

  test("the published figures are read in the snapshot's terms from a summary by scope", () => {
    expect(publishedFigures(NOW)).toEqual({
      scope_1: 50_000,
      scope_2_location: 38_000,
      scope_2_market: 22_000,
      scope_3: 20_000,
      total_location: 108_000,
      total_market: 92_000,
    });
  });

  test("the snapshot beside the figures now, the verdict and its causes in words", async () => {
    const calls = baseYearApi();
    const root = renderAs("viewer", <BaseYear />);
    await vi.waitFor(() => expect(root.querySelector("[data-now=total_location]")).not.toBeNull());
    expect(root.querySelector("[data-then=total_location]")?.textContent).toBe("100.0");
    expect(root.querySelector("[data-now=total_location]")?.textContent).toBe("108.0");
    expect(root.querySelector("[data-testid=verdict]")?.textContent).toMatch(
      /needs recalculating: a total has moved by more than the 5% threshold/,
    );
    expect([...root.querySelectorAll("[data-beyond]")].map((cell) => cell.textContent)).toEqual([
      "Beyond the 5% threshold",
      "Within the 5% threshold",
    ]);
    const cause = root.querySelector("[data-kind=upload_recalculated]")!.closest("tr")!;
    expect(cause.textContent).toContain("Upload recalculated");
    expect(cause.textContent).toContain("Lost: epa_hub-2024. Gained: epa_hub-2025.");
    expect(calls.find((call) => call.path === "/v1/emissions/summary")?.query).toBe(
      "?from=2025-01&to=2025-12&gwp=AR5&group_by=scope",
    );
    expect(root.querySelector("[data-testid=history]")?.textContent).toContain(
      "Base year 2025 set",
    );
  });

  test("a viewer is told why there is no recalculation; an admin confirms one, then reads again", async () => {
    const viewer = renderAs("viewer", <BaseYear />);
    baseYearApi();
    await vi.waitFor(() =>
      expect(viewer.querySelector("[data-testid=recalculate-not-allowed]")).not.toBeNull(),
    );
    expect(buttons(viewer)).not.toContain("Recalculate the base year");

    const recalculated = { ...SNAPSHOT, snapshot_id: "s-2", reason: "recalculated" };
    const calls = baseYearApi({
      "POST /v1/inventory/base-year/recalculate": () => json(recalculated, 201),
    });
    const admin = renderAs("admin", <BaseYear />);
    await vi.waitFor(() => expect(buttons(admin)).toContain("Recalculate the base year"));
    press(admin, "Recalculate the base year");
    await vi.waitFor(() => expect(admin.querySelector(".confirm")).not.toBeNull());
    expect(calls.some((call) => call.method === "POST")).toBe(false);
    press(admin, "Recalculate");
    await vi.waitFor(() => expect(admin.textContent).toContain("The base year was recalculated"));
    // The history is read again, the earlier snapshot still in it.
    await vi.waitFor(() =>
      expect(calls.filter((call) => call.path === "/v1/inventory/base-year/history")).toHaveLength(
        2,
      ),
    );
  });

  test("no base year: an admin is sent to the settings, another role told who sets it", async () => {
    api({ "GET /v1/inventory/base-year": NOT_FOUND });
    const admin = renderAs("admin", <BaseYear />);
    await vi.waitFor(() =>
      expect(admin.querySelector("[data-testid=no-base-year]")).not.toBeNull(),
    );
    expect(admin.querySelector("[data-testid=no-base-year] a")?.getAttribute("href")).toBe(
      "/admin/inventory",
    );
    const editor = renderAs("editor", <BaseYear />);
    await vi.waitFor(() =>
      expect(editor.querySelector("[data-testid=no-base-year]")?.textContent).toContain(
        "An administrator sets it",
      ),
    );
    expect(editor.querySelector("[data-testid=no-base-year] a")).toBeNull();
  });
});
