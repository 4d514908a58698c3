// The dashboard's breakdowns and links, the Lines screen (pages, sorting, provenance), the
// Factors search, rendered against a stubbed API.
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { tenantTokens } from "../../src/api/tokens";
import type { Line, Summary } from "../../src/api/types";
import { categoryLabel } from "../../src/categories";
import { splitCell } from "../../src/components/Provenance";
import { setLocale } from "../../src/i18n";
import { change, Dashboard, trendOf } from "../../src/screens/Dashboard";
import { editionValue, Factors, publishersOf } from "../../src/screens/Factors";
import { Lines, sortLines } from "../../src/screens/Lines";
import { serve, settled } from "../support/fake-api";

// uPlot draws on a canvas, which happy-dom has not: the chart is checked in the browser tests.
vi.mock("../../src/components/trend-plot", () => ({
  drawTrend: () => ({ resize: () => undefined, destroy: () => undefined }),
}));

function group(key: string, kg: number, byScope: Record<string, number>, extra = {}) {
  return {
    key,
    row_share: 1,
    co2e_kg: kg,
    co2e_t: kg / 1000,
    gases_kg: {},
    biogenic_co2_kg: 0,
    co2e_kg_by_scope: byScope,
    ...extra,
  };
}

function summaryOf(url: URL, groups: Summary["groups"], tonnes = 3): Summary {
  return {
    from: url.searchParams.get("from") ?? "",
    to: url.searchParams.get("to") ?? "",
    gwp_set: (url.searchParams.get("gwp") ?? "AR5") as Summary["gwp_set"],
    group_by: (url.searchParams.get("group_by") ?? "scope") as Summary["group_by"],
    totals: {
      row_share: 3,
      co2e_kg: tonnes * 1000,
      co2e_t: tonnes,
      gases_kg: {},
      biogenic_co2_kg: 0,
      co2e_market_based_kg: tonnes * 1000,
      co2e_market_based_t: tonnes,
    },
    scope_2: { location_based_kg: 0, market_based_kg: 0, location_based_t: 0, market_based_t: 0 },
    groups,
  };
}

function line(row: number, kg: number, extra: Partial<Line> = {}): Line {
  return {
    upload_id: "u1",
    row,
    facility: `Site ${row}`,
    period_start: `2025-0${row}-01`,
    period_end: `2025-0${row}-28`,
    category: "stationary_combustion",
    activity: "natural_gas",
    quantity: 10,
    unit: "therm",
    distance: null,
    distance_unit: null,
    scope: 1,
    ghg_category: null,
    co2e_kg: kg,
    co2e_kg_by_gwp_set: { AR4: kg - 1, AR5: kg, AR6: kg + 1 },
    market_based_co2e_kg: null,
    market_basis: null,
    biogenic_co2_kg: 0,
    reference: null,
    provenance: {
      factors: [
        {
          id: "epa_hub-2025/t1/natural_gas/mmBtu",
          source: "US Environmental Protection Agency, GHG Emission Factors Hub",
          edition: "2025",
          table: "Table 1 Stationary Combustion",
          row: "Natural Gas > Natural Gas",
          values: ["CO2 53.06 kg/mmBtu [E38]"],
        },
      ],
      gwp_set: "AR5",
      gwp: { CO2: 1, CH4: 28 },
      unit_path: ["therm -> mmBtu (x 0.1, pint)"],
      formula: "kg CO2 = quantity x 5.306",
      notes: [],
    },
    ...extra,
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
});

describe("the dashboard", () => {
  test("the change against the year before, and nothing to compare with when it had none", () => {
    expect(change(110, 100)).toBeCloseTo(0.1);
    expect(change(90, 100)).toBeCloseTo(-0.1);
    expect(change(5, 0)).toBeNull();
    expect(change(5, undefined)).toBeNull();
  });

  test("the trend has every month of the range, in t by scope, zero where nothing was", () => {
    const months = summaryOf(new URL("http://x/?from=2025-01&to=2025-03"), [
      group("2025-01", 1500, { "scope-1": 1000, "scope-3": 500 }),
      group("2025-03", 2000, { "scope-2": 2000 }),
    ]);
    expect(trendOf({ from: "2025-01", to: "2025-03" }, months)).toEqual({
      "scope-1": [1, 0, 0],
      "scope-2": [0, 0, 2],
      "scope-3": [0.5, 0, 0],
    });
  });

  test("asks for the totals first, then links every figure and breakdown to its lines", async () => {
    window.history.replaceState(null, "", "/?from=2025-02&to=2025-04&gwp=AR4");
    const asked = serve({
      "/v1/emissions/summary": (url) => {
        const by = url.searchParams.get("group_by");
        const groups =
          by === "category"
            ? [group("business_travel", 2000, { "scope-3": 2000 }, { scope: 3, ghg_category: 6 })]
            : by === "facility"
              ? [group("HQ", 3000, { "scope-1": 1000, "scope-3": 2000 })]
              : by === "month"
                ? [group("2025-02", 3000, { "scope-1": 1000, "scope-3": 2000 })]
                : [group("scope-1", 1000, {}), group("scope-3", 2000, {})];
        const before = url.searchParams.get("from") === "2024-02";
        return { body: summaryOf(url, groups, before ? 2 : 3) };
      },
    });
    render(<Dashboard />, root);
    await settled(root, "[data-testid=by-category] tbody tr");
    const first = asked[0]?.searchParams;
    expect(Object.fromEntries(first ?? [])).toEqual({
      from: "2025-02",
      to: "2025-04",
      gwp: "AR4",
      group_by: "scope",
    });
    const rest = asked
      .slice(1)
      .map((url) => `${url.searchParams.get("group_by")} ${url.searchParams.get("from")}`);
    expect(rest.sort()).toEqual([
      "category 2025-02",
      "facility 2025-02",
      "month 2025-02",
      "scope 2024-02",
    ]);

    const href = (selector: string): string =>
      root.querySelector(selector)?.getAttribute("href") ?? "";
    expect(href("[data-figure=scope-3] a")).toBe("/lines?from=2025-02&to=2025-04&scope=3&gwp=AR4");
    expect(href("[data-figure=total-location] a")).toBe("/lines?from=2025-02&to=2025-04&gwp=AR4");
    expect(href("[data-testid=by-category] tbody a")).toBe(
      "/lines?from=2025-02&to=2025-04&category=business_travel&gwp=AR4",
    );
    expect(root.querySelector("[data-testid=by-category] tbody")?.textContent).toContain(
      "Scope 3 category 6: Business travel",
    );
    expect(href("[data-testid=by-facility] tbody a")).toBe(
      "/lines?from=2025-02&to=2025-04&facility=HQ&gwp=AR4",
    );
    // 3 t against 2 t a year before.
    expect(root.querySelector("[data-figure=total-location] .figure-change")?.textContent).toBe(
      "50.0% more than a year before",
    );
    expect(root.innerHTML).not.toContain("style=");
  });

  test("a range the API refuses is explained beside the field it names", async () => {
    window.history.replaceState(null, "", "/?from=2025-09&to=2025-03");
    serve({
      "/v1/emissions/summary": () => ({
        status: 400,
        body: {
          error: {
            code: "invalid_input",
            message: "from must not be after to",
            details: { field: "from" },
          },
        },
      }),
    });
    render(<Dashboard />, root);
    const error = await settled(root, ".field-error");
    expect(error.textContent).toBe("from must not be after to");
    expect(root.querySelector("input[name=from]")?.getAttribute("aria-invalid")).toBe("true");
    expect(root.querySelector("[role=alert]")).toBeNull();
  });

  test("in Japanese, the refusal beside the field is worded, by its type or with the server's words", async () => {
    setLocale("ja");
    window.history.replaceState(null, "", "/?from=2025-09&to=2025-13");
    const problem = { field: "to", location: "query", message: "String should match pattern" };
    serve({
      "/v1/emissions/summary": () => ({
        status: 400,
        body: {
          error: {
            code: "invalid_input",
            message: "The request is not valid.",
            details: { errors: [{ ...problem, type: "string_pattern_mismatch", ctx: {} }] },
          },
        },
      }),
    });
    render(<Dashboard />, root);
    const error = await settled(root, ".field-error");
    expect(error.textContent).toBe("形式が正しくありません。確認してください。");
    expect(root.querySelector("input[name=to]")?.getAttribute("aria-invalid")).toBe("true");
  });
});

describe("the lines", () => {
  test("sorting orders the lines loaded, by CO2e under the set asked for", () => {
    const lines = [line(1, 5), line(2, 50), line(3, 20)];
    expect(sortLines(lines, "co2e", "descending", "AR5").map((l) => l.row)).toEqual([2, 3, 1]);
    expect(sortLines(lines, "order", "descending", "AR5").map((l) => l.row)).toEqual([3, 2, 1]);
    expect(sortLines(lines, "facility", "ascending", "AR5").map((l) => l.row)).toEqual([1, 2, 3]);
  });

  test("a provenance value gives its cell apart", () => {
    expect(splitCell("CO2 53.06 kg/mmBtu [E38]")).toEqual({
      quantity: "CO2 53.06 kg/mmBtu",
      cell: "E38",
    });
    expect(splitCell("no cell")).toEqual({ quantity: "no cell", cell: null });
  });

  test("pages follow the cursor, and a line's provenance opens beside it", async () => {
    window.history.replaceState(null, "", "/lines?from=2025-01&to=2025-12&scope=1&gwp=AR6");
    const asked = serve({
      "/v1/emissions/lines": (url) =>
        url.searchParams.get("cursor") === "c2"
          ? {
              body: {
                upload_id: null,
                calculation_id: null,
                lines: [line(3, 7)],
                next_cursor: null,
              },
            }
          : url.searchParams.get("cursor") === "c1"
            ? { body: { upload_id: null, calculation_id: null, lines: [], next_cursor: "c2" } }
            : {
                body: {
                  upload_id: null,
                  calculation_id: null,
                  lines: [line(1, 5), line(2, 9)],
                  next_cursor: "c1",
                },
              },
    });
    render(<Lines />, root);
    await settled(root, "[data-testid=lines] tbody tr");
    expect(Object.fromEntries(asked[0]?.searchParams ?? [])).toMatchObject({
      from: "2025-01",
      to: "2025-12",
      scope: "1",
    });
    expect(root.querySelector("[data-line='u1:2']")?.textContent).toContain("10.00"); // AR6
    const more = [...root.querySelectorAll("button")].find(
      (b) => b.textContent === "Load more lines",
    );
    more?.click();
    // An empty page with a cursor is followed to the next one with lines.
    await settled(root, "[data-line='u1:3']");
    expect(asked.map((url) => url.searchParams.get("cursor"))).toEqual([null, "c1", "c2"]);
    expect(
      [...root.querySelectorAll("button")].some((b) => b.textContent === "Load more lines"),
    ).toBe(false);

    const show = root.querySelector<HTMLButtonElement>("[data-line='u1:2'] button");
    expect(show?.getAttribute("aria-expanded")).toBe("false");
    show?.click();
    const panel = await settled(root, ".provenance");
    expect(show?.getAttribute("aria-expanded")).toBe("true");
    expect(show?.getAttribute("aria-controls")).toBe(panel.id);
    expect(panel.textContent).toContain("Table 1 Stationary Combustion");
    expect(panel.textContent).toContain("E38");
    expect(panel.textContent).toContain("therm -> mmBtu (x 0.1, pint)");
    expect(panel.textContent).toContain("kg CO2 = quantity x 5.306");
  });
});

describe("factors", () => {
  const editions = [
    { source: "desnz", publisher: "UK DESNZ", title: "GHG factors", edition: "2024", released: "" },
    { source: "desnz", publisher: "UK DESNZ", title: "GHG factors", edition: "2025", released: "" },
    { source: "epa_hub", publisher: "US EPA", title: "Hub", edition: "2025", released: "" },
  ];

  test("publishers once each, editions as the API's filter takes them", () => {
    expect(publishersOf(editions).map((e) => e.source)).toEqual(["desnz", "epa_hub"]);
    expect(editionValue(editions[2]!)).toBe("epa_hub-2025");
  });

  test("a search sends its conditions and the publishers come from the library", async () => {
    window.history.replaceState(null, "", "/factors?q=gas&publisher=epa_hub");
    const asked = serve({
      "/v1/factors": () => ({ body: { factors: [], count: 0, editions } }),
    });
    render(<Factors />, root);
    await settled(root, "select[name=publisher] option[value=epa_hub]");
    expect(Object.fromEntries(asked[0]?.searchParams ?? [])).toMatchObject({
      q: "gas",
      publisher: "epa_hub",
    });
    const editionOptions = [...root.querySelectorAll("select[name=edition] option")].map((o) =>
      o.getAttribute("value"),
    );
    expect(editionOptions).toEqual(["", "epa_hub-2025"]); // the chosen publisher's only
    expect(root.textContent).toContain("0 factors found.");
  });
});

describe("categories in words", () => {
  test("Scope 3 by number and name, in either language", () => {
    expect(categoryLabel("business_travel", 3, 6)).toBe("Scope 3 category 6: Business travel");
    expect(categoryLabel("electricity", 2, null)).toBe("Scope 2: Purchased electricity");
    expect(categoryLabel("something_new", null, null)).toBe("something_new");
    setLocale("ja");
    expect(categoryLabel("business_travel", 3, 6)).toBe("スコープ 3 カテゴリ 6：出張");
    setLocale("en");
  });
});
