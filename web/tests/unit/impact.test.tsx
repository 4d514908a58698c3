// The Impact screen: an upload compared with another edition or GWP set; the total change and
// each line's moved cells and GWP values in words, the choice in the address, a refusal beside
// the field it names, nothing stored, and the recalculation only for the roles that may.
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { tenantTokens } from "../../src/api/tokens";
import type { Impact as ImpactAnswer, Role, Upload } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import { cellText, changeFraction, comparisonOf, Impact, signed } from "../../src/screens/Impact";
import { MeContext } from "../../src/session";
import { me, serve, settled } from "../support/fake-api";

const UPLOAD_ID = "0123456789abcdef01234567";

const UPLOAD: Upload = {
  upload_id: UPLOAD_ID,
  filename: "activity-2025.csv",
  content_type: "text/csv",
  format: "csv",
  sheet: null,
  size: 1000,
  status: "completed",
  reason: null,
  rows_total: 3,
  rows_done: 3,
  error_count: 0,
  totals: { co2e_kg: 1500 },
  gwp_set: "AR5",
  calculation_id: "c-1",
  current_calculation: "c-1",
  duplicate_of: null,
  replaces: null,
  replaced_by: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

const EDITIONS = [
  {
    source: "epa_hub",
    publisher: "US Environmental Protection Agency",
    title: "GHG Emission Factors Hub",
    edition: "2024",
    released: "2024-01",
  },
  {
    source: "epa_hub",
    publisher: "US Environmental Protection Agency",
    title: "GHG Emission Factors Hub",
    edition: "2025",
    released: "2025-01",
  },
];

function answer(cursor: string | null): ImpactAnswer {
  const first = cursor === null;
  return {
    upload_id: UPLOAD_ID,
    from_calculation: "c-1",
    to_calculation: null,
    edition: "epa_hub-2024",
    old_gwp_set: "AR5",
    new_gwp_set: "AR6",
    lines_total: 3,
    old_co2e_kg: 1500,
    new_co2e_kg: 1380,
    change_kg: -120,
    lines: first
      ? [
          {
            row: 3,
            category: "electricity",
            activity: "grid",
            old_co2e_kg: 1000,
            new_co2e_kg: 900,
            change_kg: -100,
            factor_cells: [
              {
                gas: "CO2",
                publisher: "US Environmental Protection Agency",
                table: "Table 6 Electricity",
                row: "CAMX",
                old: {
                  factor_id: "epa_hub-2025/t6/CAMX/MWh",
                  edition: "epa_hub-2025",
                  cell: "E342",
                  value: 436.655,
                  unit: "lb/MWh",
                },
                new: {
                  factor_id: "epa_hub-2024/t6/CAMX/MWh",
                  edition: "epa_hub-2024",
                  cell: "E336",
                  value: 497.443,
                  unit: "lb/MWh",
                },
              },
            ],
            gwp: [],
          },
          {
            row: 2,
            category: "stationary_combustion",
            activity: "natural_gas",
            old_co2e_kg: 500,
            new_co2e_kg: 480,
            change_kg: -20,
            factor_cells: [],
            gwp: [{ gas: "CH4", old_gwp_set: "AR5", old: 28, new_gwp_set: "AR6", new: 29.8 }],
          },
        ]
      : [
          {
            row: 1,
            category: "refrigerants",
            activity: "R-410A",
            old_co2e_kg: 0,
            new_co2e_kg: 0,
            change_kg: 0,
            factor_cells: [],
            gwp: [],
          },
        ],
    next_cursor: first ? "page-2" : null,
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

function open(
  address: string,
  role: Role,
  impact = (url: URL) => ({ body: answer(url.searchParams.get("cursor")) as unknown, status: 200 }),
) {
  window.history.replaceState(null, "", address);
  const asked = serve({
    [`/v1/uploads/${UPLOAD_ID}`]: () => ({ body: UPLOAD }),
    "/v1/factors": () => ({ body: { factors: [], count: 0, editions: EDITIONS } }),
    "/v1/emissions/impact": impact,
    [`/v1/uploads/${UPLOAD_ID}/recalculate`]: () => ({
      body: { upload_id: UPLOAD_ID, calculation_id: "c-2" },
      status: 202,
    }),
  });
  render(
    <MeContext.Provider value={me(role)}>
      <Impact params={{ id: UPLOAD_ID }} />
    </MeContext.Provider>,
    root,
  );
  return asked;
}

const text = (selector: string): string => root.querySelector(selector)?.textContent ?? "";

describe("the figures in words", () => {
  test("a change signed, as a share of the published total, and none from nothing", () => {
    expect(signed(-120.04)).toBe("−120.0");
    expect(signed(12.5, 2)).toBe("+12.50");
    expect(signed(0)).toBe("0.0");
    expect(changeFraction({ old_co2e_kg: 1500, change_kg: -120 })).toBeCloseTo(-0.08, 12);
    expect(changeFraction({ old_co2e_kg: 0, change_kg: 5 })).toBeNull();
  });

  test("a cell as published, with its edition; a side without one", () => {
    const cell = {
      factor_id: "f",
      edition: "epa_hub-2024",
      cell: "E336",
      value: 497.443,
      unit: "lb/MWh",
    };
    expect(cellText(cell)).toBe("E336: 497.443 lb/MWh (epa_hub-2024)");
    expect(cellText(null)).toBe("none");
    setLocale("ja");
    expect(cellText(cell)).toBe("E336: 497.443 lb/MWh（epa_hub-2024）");
    expect(cellText(null)).toBe("なし");
  });

  test("the comparison is read from the address, an unknown GWP set ignored", () => {
    expect(comparisonOf(new URLSearchParams("edition=epa_hub-2024&gwp=AR6"))).toEqual({
      edition: "epa_hub-2024",
      gwp: "AR6",
    });
    expect(comparisonOf(new URLSearchParams("gwp=AR9"))).toEqual({ edition: null, gwp: null });
  });
});

describe("the Impact screen", () => {
  test("asks nothing until a choice is made, then puts it in the address", async () => {
    const asked = open(`/uploads/${UPLOAD_ID}/impact`, "viewer");
    await settled(root, "form");
    expect(asked.some((url) => url.pathname === "/v1/emissions/impact")).toBe(false);
    const [edition, gwp] = [...root.querySelectorAll("select")];
    expect([...edition!.options].map((option) => option.value)).toEqual([
      "",
      "epa_hub-2024",
      "epa_hub-2025",
    ]);
    edition!.value = "epa_hub-2024";
    edition!.dispatchEvent(new Event("change"));
    gwp!.value = "AR6";
    gwp!.dispatchEvent(new Event("change"));
    // Submitted once the choice has rendered, as a person's click comes after it.
    await new Promise((rendered) => setTimeout(rendered, 0));
    root.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(window.location.search).toBe("?edition=epa_hub-2024&gwp=AR6"));
    await settled(root, '[data-testid="impact"]');
    const call = asked.find((url) => url.pathname === "/v1/emissions/impact")!;
    expect(call.searchParams.get("upload_id")).toBe(UPLOAD_ID);
    expect(call.searchParams.get("edition")).toBe("epa_hub-2024");
    expect(call.searchParams.get("gwp")).toBe("AR6");
  });

  test("shows the totals, each line in the API's order with what moved, and more on request", async () => {
    open(`/uploads/${UPLOAD_ID}/impact?edition=epa_hub-2024&gwp=AR6`, "viewer");
    await settled(root, '[data-testid="impact"]');
    expect(text('[data-impact="old"] .figure-value')).toBe("1.5");
    expect(text('[data-impact="new"] .figure-value')).toBe("1.4");
    expect(text('[data-impact="change"] .figure-value')).toBe("−0.1");
    expect(text('[data-impact="percent"]')).toBe("−8.00 % of the published total");
    expect(text('[data-impact="new"] dt')).toMatch(/IPCC AR6.*epa_hub-2024 pinned/);
    const rows = (): string[] =>
      [...root.querySelectorAll("[data-impact-row]")].map(
        (row) => row.getAttribute("data-impact-row") ?? "",
      );
    expect(rows()).toEqual(["3", "2"]);
    const moved = root.querySelector('[data-impact-row="3"] .impact-cells li')!;
    expect(moved.querySelector(".impact-where")?.textContent).toBe(
      "CO2 · US Environmental Protection Agency · Table 6 Electricity · row CAMX",
    );
    expect(moved.querySelector('[data-cell="old"]')?.textContent).toBe(
      "E342: 436.655 lb/MWh (epa_hub-2025)",
    );
    expect(moved.querySelector('[data-cell="new"]')?.textContent).toBe(
      "E336: 497.443 lb/MWh (epa_hub-2024)",
    );
    expect(text('[data-impact-row="2"] [data-gwp="CH4"]')).toBe(
      "GWP of CH4: 28 (AR5) → 29.8 (AR6)",
    );
    expect(text('[data-impact-row="3"] td:nth-child(5)')).toBe("−100.00");
    expect(text(".rows")).toBe("2 of 3 lines");
    const more = [...root.querySelectorAll("button")].find(
      (b) => b.textContent === "Show more lines",
    )!;
    more.click();
    await vi.waitFor(() => expect(rows()).toEqual(["3", "2", "1"]));
    expect(text('[data-impact-row="1"] .impact-moved')).toBe("No cell or GWP value moved");
    expect(
      [...root.querySelectorAll("button")].some((b) => b.textContent === "Show more lines"),
    ).toBe(false);
  });

  test("says nothing is stored; an editor may recalculate there, a viewer may not", async () => {
    open(`/uploads/${UPLOAD_ID}/impact?gwp=AR6`, "viewer");
    await settled(root, '[data-testid="impact"]');
    expect(text('[role="status"]')).toMatch(/Nothing is stored.*only when it is recalculated/);
    const recalculate = (): HTMLButtonElement | undefined =>
      [...root.querySelectorAll("button")].find((b) => b.textContent === "Recalculate");
    expect(recalculate()).toBeUndefined();
    render(null, root);
    const asked = open(`/uploads/${UPLOAD_ID}/impact?gwp=AR6`, "editor");
    await settled(root, '[data-testid="impact"]');
    recalculate()!.click();
    await vi.waitFor(() => expect(root.textContent).toMatch(/Recalculation started/));
    const posted = asked.find((url) => url.pathname.endsWith("/recalculate"));
    expect(posted?.pathname).toBe(`/v1/uploads/${UPLOAD_ID}/recalculate`);
    setLocale("ja");
    await vi.waitFor(() => expect(root.textContent).toMatch(/何も保存されません/));
  });

  test("a refusal naming the edition is shown beside it, not above the screen", async () => {
    const refused = () => ({
      status: 400,
      body: {
        error: {
          code: "invalid_input",
          message: "unknown edition 'epa_hub-1999'",
          details: { field: "edition" },
        },
      },
    });
    open(`/uploads/${UPLOAD_ID}/impact?edition=epa_hub-1999`, "viewer", refused);
    const error = await settled(root, ".field-invalid .field-error");
    expect(error.textContent).toMatch(/unknown edition 'epa_hub-1999'/);
    expect(root.querySelector('[data-testid="impact"]')).toBeNull();
    expect(root.querySelector(".banner-error")).toBeNull();
  });
});
