// The Reports screen against a stubbed API: each report's request, the tenant's reporting
// year in words, the ESRS E1-6 table read from the API's CSV, and refusals beside the field.
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { InventorySettings } from "../../src/api/types";
import { tenantTokens } from "../../src/api/tokens";
import { parseCsv } from "../../src/csv";
import { esrsTable, targetsOf } from "../../src/esrs-table";
import { setLocale } from "../../src/i18n";
import { Reports, yearWords } from "../../src/screens/Reports";

// What GET /v1/reports/esrs-e1-6 answers, written by the domain code
// (layers/footprint/footprint/domain/inventory/reports.py, `esrs_rows` through
// `csv_download`) for the inventory of tests/unit/domain/inventory/test_reports.py: Scope 1
// 210 kg, Scope 2 51 kg location-based and 0 kg market-based, business travel 30 kg, beside
// a base year 2020 that needs recalculating and three targets.
const ESRS_CSV = [
  "disclosure,esrs_e1_paragraph,item,scope_2_method,reporting_year_t,base_year,base_year_t,target",
  'metadata: shaped after,,"ESRS E1-6 Gross Scopes 1, 2, 3 and Total GHG emissions: Commission Delegated Regulation (EU) 2023/2772, Annex I, ESRS E1 paragraphs 44 to 52 and AR 47",,,,,',
  "metadata: gwp_set,,IPCC AR5 GWP-100,,,,,",
  "metadata: period,,2024-04 to 2025-03,,,,,",
  'metadata: factor_editions,,"US EPA, Hub 2025",,,,,',
  "metadata: units,,tonnes CO2e; location-based unless scope_2_method says market-based,,,,,",
  'metadata: base_year,,"2020: 2020-01 to 2020-12, snapshot of 2021-02-01T00:00:00Z",,,,,',
  "metadata: base_year_recalculation,,needed: what is published for the base year now moved its total past the tenant's threshold; base_year_t is the snapshot's (GET /v1/inventory/base-year says why),,,,,",
  "E1-6,44(a),Gross Scope 1 GHG emissions,,0.210000,2020,0.300000,−42 % by 2030 against 2020 (Ops); −90 % by 2050 against 2020 (All)",
  "E1-6,44(b),Gross Scope 2 GHG emissions,location-based,0.051000,2020,0.100000,−90 % by 2050 against 2020 (All)",
  "E1-6,44(b),Gross Scope 2 GHG emissions,market-based,0.000000,2020,0.080000,−42 % by 2030 against 2020 (Ops)",
  "E1-6,44(c),Gross Scope 3 GHG emissions,,0.030000,2020,0.070000,−25.5 % by 2030 against 2019 (Travel); −90 % by 2050 against 2020 (All)",
  "E1-6,44(c),Scope 3 category 6: Business travel,,0.030000,2020,0.050000,−25.5 % by 2030 against 2019 (Travel); −90 % by 2050 against 2020 (All)",
  "E1-6,44(c),Scope 3 category 7: Employee commuting,,not calculated,2020,0.020000,−25.5 % by 2030 against 2019 (Travel); −90 % by 2050 against 2020 (All)",
  'E1-6,"44(d), 52, AR 47",Total GHG emissions,location-based,0.291000,2020,0.470000,−90 % by 2050 against 2020 (All)',
  'E1-6,"44(d), 52, AR 47",Total GHG emissions,market-based,0.240000,2020,0.450000,not set',
  "",
].join("\r\n");

// The same report of a tenant without a base year (the metadata and columns say "not set").
const ESRS_NO_BASE_YEAR = [
  "disclosure,esrs_e1_paragraph,item,scope_2_method,reporting_year_t,base_year,base_year_t,target",
  "metadata: gwp_set,,IPCC AR6 GWP-100,,,,,",
  "metadata: period,,2025-01 to 2025-12,,,,,",
  "metadata: factor_editions,,,,,,,",
  "metadata: base_year,,not set,,,,,",
  "E1-6,44(a),Gross Scope 1 GHG emissions,,not calculated,not set,not set,not set",
  "",
].join("\r\n");

const APRIL: InventorySettings = {
  configured: true,
  base_year: 2019,
  reporting_year_start_month: 4,
  consolidation: "operational",
  recalculation_threshold_pct: 5,
  base_year_from: "2019-04",
  base_year_to: "2020-03",
  snapshot_taken: true,
};
const UNSET: InventorySettings = {
  configured: false,
  base_year: null,
  reporting_year_start_month: 1,
  consolidation: null,
  recalculation_threshold_pct: 5,
  base_year_from: null,
  base_year_to: null,
  snapshot_taken: false,
};

type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

/** Answers each call by path; records the URLs asked. */
function serve(handlers: Record<string, (url: URL) => Answer>): URL[] {
  const asked: URL[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const url = new URL(input, "http://app.example");
      asked.push(url);
      const handler = handlers[url.pathname];
      if (!handler) return new Response("{}", { status: 404 });
      const answer = handler(url);
      const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      return new Response(text, {
        status: answer.status ?? 200,
        headers: { "Content-Type": "application/json", ...answer.headers },
      });
    }),
  );
  return asked;
}

function csvFile(name: string, body: string): Answer {
  return {
    body,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
    },
  };
}

function refusal(status: number, details: Record<string, unknown>, message = "refused"): Answer {
  return { status, body: { error: { code: "invalid_input", message, details } } };
}

/** The names the screen handed to the browser's downloads. */
function downloads(): string[] {
  const clicked: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push(this.download);
  });
  vi.stubGlobal(
    "URL",
    Object.assign(URL, { createObjectURL: () => "blob:x", revokeObjectURL: () => undefined }),
  );
  return clicked;
}

async function settled(selector: string): Promise<Element> {
  await vi.waitFor(() => {
    if (!root.querySelector(selector)) throw new Error(`no ${selector} yet`);
  });
  return root.querySelector(selector) as Element;
}

/** Sets a control's value as typing or choosing would, and lets the screen render it. */
async function enter(selector: string, value: string): Promise<void> {
  const control = (await settled(selector)) as HTMLInputElement | HTMLSelectElement;
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? "change" : "input"));
  await vi.waitFor(() => expect(control.value).toBe(value));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

async function choose(report: string): Promise<void> {
  const radio = (await settled(`input[value=${report}]`)) as HTMLInputElement;
  radio.click();
  await vi.waitFor(() => expect(radio.checked).toBe(true));
}

function submit(): void {
  root
    .querySelector("form")
    ?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
}

/** The error text beside the field named `name`. */
function besideField(name: string): string {
  return root.querySelector(`[name=${name}]`)?.closest(".field")?.querySelector(".field-error")
    ?.textContent as string;
}

let root: HTMLElement;

beforeEach(() => {
  setLocale("en");
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(2026, 11, 6) });
  tenantTokens.hold({ access_token: "t", expires_in: 600, token_type: "Bearer" });
  root = document.createElement("div");
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  tenantTokens.forget();
});

describe("the reporting year in words", () => {
  test("a tenant whose year begins in April: 2024 is April 2024 to March 2025", () => {
    expect(yearWords("2024", APRIL)).toBe(
      "2024 covers April 2024 to March 2025: your organisation's reporting year begins in April.",
    );
    setLocale("ja");
    expect(yearWords("2024", APRIL)).toBe(
      "2024 年度は 2024年4月から2025年3月までです（貴組織の報告年度は 4月に始まります）。",
    );
  });

  test("without settings a year is the calendar year; a year not typed whole says nothing", () => {
    expect(yearWords("2024", UNSET)).toBe(
      "2024 covers January 2024 to December 2024: the calendar year, as no other start month is set.",
    );
    expect(yearWords("2024", null)).toBe(yearWords("2024", UNSET));
    expect(yearWords("202", APRIL)).toBeNull();
  });
});

describe("the GHG Protocol inventory", () => {
  test("the span and base year start from the tenant's settings, and the file is saved", async () => {
    const saved = downloads();
    const asked = serve({
      "/v1/tenant/inventory": () => ({ body: APRIL }),
      "/v1/emissions/export": () => csvFile("inventory-2025-04-2026-03.csv", "scope,co2e\r\n"),
    });
    render(<Reports />, root);
    // 6 December 2026: the last complete April year is 2025 (2025-04 to 2026-03).
    expect(((await settled("input[name=from]")) as HTMLInputElement).value).toBe("2025-04");
    expect(root.querySelector<HTMLInputElement>("input[name=to]")?.value).toBe("2026-03");
    expect(root.querySelector<HTMLInputElement>("input[name=base_year]")?.value).toBe("2019");
    expect(root.textContent).toContain("Your organisation's base year is 2019");
    await enter("select[name=gwp]", "AR6");
    submit();
    await settled("[role=status]");
    expect(saved).toEqual(["inventory-2025-04-2026-03.csv"]);
    expect(Object.fromEntries(asked.at(-1)?.searchParams ?? [])).toEqual({
      from: "2025-04",
      to: "2026-03",
      base_year: "2019",
      gwp: "AR6",
      format: "csv",
    });
    expect(root.textContent).toContain("inventory-2025-04-2026-03.csv was downloaded.");
  });

  test("the base year typed is the one asked for", async () => {
    const saved = downloads();
    const asked = serve({
      "/v1/tenant/inventory": () => ({ body: UNSET }),
      "/v1/emissions/export": () => csvFile("inventory-2025-01-2025-12.csv", "scope,co2e\r\n"),
    });
    render(<Reports />, root);
    expect(((await settled("input[name=base_year]")) as HTMLInputElement).value).toBe("2025");
    await enter("input[name=base_year]", "2020");
    submit();
    await settled("[role=status]");
    expect(saved).toEqual(["inventory-2025-01-2025-12.csv"]);
    expect(asked.at(-1)?.searchParams.get("base_year")).toBe("2020");
  });
});

describe("the CDP report", () => {
  test("asks for the reporting year and GWP set chosen and saves the API's file", async () => {
    const saved = downloads();
    const asked = serve({
      "/v1/tenant/inventory": () => ({ body: APRIL }),
      "/v1/reports/cdp": (url) =>
        csvFile(`cdp-climate-${url.searchParams.get("year")}.csv`, "cdp_question\r\n"),
    });
    render(<Reports />, root);
    await choose("cdp");
    expect(((await settled("input[name=year]")) as HTMLInputElement).value).toBe("2025");
    expect(root.textContent).toContain("2025 covers April 2025 to March 2026");
    await enter("input[name=year]", "2024");
    expect(root.textContent).toContain("2024 covers April 2024 to March 2025");
    await enter("select[name=gwp]", "AR4");
    expect(root.querySelector("input[name=from]")).toBeNull();
    submit();
    await settled("[role=status]");
    expect(asked.at(-1)?.pathname).toBe("/v1/reports/cdp");
    expect(Object.fromEntries(asked.at(-1)?.searchParams ?? [])).toEqual({
      year: "2024",
      gwp: "AR4",
    });
    expect(saved).toEqual(["cdp-climate-2024.csv"]);
    expect(root.textContent).toContain("cdp-climate-2024.csv was downloaded.");
  });
});

describe("the ESRS E1-6 report", () => {
  test("the file's table, read back: figures, base year, targets and metadata", () => {
    const table = esrsTable(ESRS_CSV);
    expect(table.gwpSet).toBe("IPCC AR5 GWP-100");
    expect(table.period).toEqual({ from: "2024-04", to: "2025-03" });
    expect(table.editions).toEqual(["US EPA, Hub 2025"]);
    expect(table.baseYear).toEqual({
      year: 2020,
      period: { from: "2020-01", to: "2020-12" },
      takenAt: "2021-02-01T00:00:00Z",
    });
    expect(table.recalculationNeeded).toBe(true);
    expect(table.rows.map((row) => [row.item, row.reportingYear, row.baseYear])).toEqual([
      [{ kind: "scope1" }, 0.21, 0.3],
      [{ kind: "scope2", method: "location" }, 0.051, 0.1],
      [{ kind: "scope2", method: "market" }, 0, 0.08],
      [{ kind: "scope3" }, 0.03, 0.07],
      [{ kind: "category", number: 6 }, 0.03, 0.05],
      [{ kind: "category", number: 7 }, "not calculated", 0.02],
      [{ kind: "total", method: "location" }, 0.291, 0.47],
      [{ kind: "total", method: "market" }, 0.24, 0.45],
    ]);
    expect(table.rows[0]?.targets).toEqual([
      { reductionPct: 42, targetYear: 2030, baseYear: 2020, name: "Ops" },
      { reductionPct: 90, targetYear: 2050, baseYear: 2020, name: "All" },
    ]);
    expect(table.rows.at(-1)?.targets).toEqual([]);
  });

  test("a tenant without a base year: not set, and no recalculation to speak of", () => {
    const table = esrsTable(ESRS_NO_BASE_YEAR);
    expect(table.baseYear).toBeNull();
    expect(table.recalculationNeeded).toBeNull();
    expect(table.editions).toEqual([]);
    expect(table.rows[0]).toMatchObject({ reportingYear: "not calculated", baseYear: "not set" });
  });

  test("a target's name may hold brackets and semicolons; a cell in another form is kept", () => {
    expect(targetsOf("−10 % by 2030 against 2020 (A (b); c)")).toEqual([
      { reductionPct: 10, targetYear: 2030, baseYear: 2020, name: "A (b); c" },
    ]);
    expect(targetsOf("something else")).toBeNull();
  });

  test("shown on screen in the reader's language, then saved from the same answer", async () => {
    const saved = downloads();
    const asked = serve({
      "/v1/tenant/inventory": () => ({ body: APRIL }),
      "/v1/reports/esrs-e1-6": () => csvFile("esrs-e1-6-2024.csv", ESRS_CSV),
    });
    render(<Reports />, root);
    await choose("esrs-e1-6");
    await enter("input[name=year]", "2024");
    expect(root.querySelector("button[type=submit]")?.textContent).toBe("Show the table");
    submit();
    const shown = await settled("[data-testid=esrs] table");
    expect(Object.fromEntries(asked.at(-1)?.searchParams ?? [])).toEqual({
      year: "2024",
      gwp: "AR5",
    });
    const cells = [...shown.querySelectorAll("tbody tr")].map((row) =>
      [...row.querySelectorAll("td")].map((cell) => cell.textContent),
    );
    expect(cells[0]).toEqual([
      "44(a)",
      "Gross Scope 1 GHG emissions",
      "0.2",
      "0.3",
      "−42 % by 2030 against 2020 (Ops); −90 % by 2050 against 2020 (All)",
    ]);
    expect(cells[5]).toEqual([
      "44(c)",
      "Scope 3 category 7: Employee commuting",
      "not calculated",
      "0.0",
      "−25.5 % by 2030 against 2019 (Travel); −90 % by 2050 against 2020 (All)",
    ]);
    expect(cells[7]?.slice(1, 3)).toEqual(["Total GHG emissions, market-based", "0.2"]);
    expect(shown.querySelector("thead")?.textContent).toContain("Base year 2020");
    const facts = root.querySelector("[data-testid=esrs] dl")?.textContent ?? "";
    expect(facts).toContain("IPCC AR5 GWP-100");
    expect(facts).toContain("April 2024 to March 2025");
    expect(facts).toContain("US EPA, Hub 2025");
    expect(facts).toContain("2020 (January 2020 to December 2020)");
    expect(root.querySelector("[data-testid=recalculation]")?.textContent).toContain("Needed");
    expect(saved).toEqual([]);

    setLocale("ja");
    await vi.waitFor(() =>
      expect(root.querySelector("[data-testid=esrs] tbody td:nth-child(2)")?.textContent).toBe(
        "スコープ 1 総排出量",
      ),
    );
    expect(root.querySelector("[data-testid=esrs] tbody")?.textContent).toContain("未算定");
    expect(root.querySelector("[data-testid=esrs] tbody")?.textContent).toContain(
      "2020 年比 2030 年までに −42%（Ops）",
    );
    setLocale("en");

    const downloadButton = await vi.waitFor(() => {
      const found = [...root.querySelectorAll("[data-testid=esrs] button")].find(
        (button) => button.textContent === "Download CSV",
      );
      if (!found) throw new Error("no Download CSV yet");
      return found as HTMLButtonElement;
    });
    const calls = asked.length;
    downloadButton.click();
    await settled("[role=status]");
    expect(saved).toEqual(["esrs-e1-6-2024.csv"]);
    expect(asked.length).toBe(calls); // the file already fetched, not asked for again
  });

  test("another year or GWP set takes the table away until it is asked for again", async () => {
    serve({
      "/v1/tenant/inventory": () => ({ body: APRIL }),
      "/v1/reports/esrs-e1-6": () => csvFile("esrs-e1-6-2025.csv", ESRS_CSV),
    });
    render(<Reports />, root);
    await choose("esrs-e1-6");
    submit();
    await settled("[data-testid=esrs]");
    await enter("select[name=gwp]", "AR6");
    expect(root.querySelector("[data-testid=esrs]")).toBeNull();
  });
});

describe("refusals", () => {
  test("a year the API refuses is worded beside the year, in either language", async () => {
    serve({
      "/v1/tenant/inventory": () => ({ body: APRIL }),
      "/v1/reports/cdp": () =>
        refusal(400, {
          errors: [
            {
              field: "year",
              location: "query",
              message: "String should match pattern '^[1-9][0-9]{3}$'",
              type: "string_pattern_mismatch",
              ctx: { pattern: "^[1-9][0-9]{3}$" },
            },
          ],
        }),
    });
    render(<Reports />, root);
    await choose("cdp");
    await enter("input[name=year]", "0999");
    submit();
    await settled(".field-error");
    expect(besideField("year")).toBe("This is not in the expected format.");
    expect(root.querySelector("input[name=year]")?.getAttribute("aria-invalid")).toBe("true");
    expect(root.querySelector("[role=alert]")).toBeNull();
    setLocale("ja");
    await vi.waitFor(() =>
      expect(besideField("year")).toBe("形式が正しくありません。確認してください。"),
    );
  });

  test("a use case's refusal of the span names its field", async () => {
    serve({
      "/v1/tenant/inventory": () => ({ body: UNSET }),
      "/v1/emissions/export": () => refusal(400, { field: "from" }, "from must not be after to"),
    });
    render(<Reports />, root);
    await settled("input[name=from]");
    submit();
    await settled(".field-error");
    expect(besideField("from")).toContain("from must not be after to");
  });

  test("a refusal naming no field of the form is a banner", async () => {
    serve({
      "/v1/tenant/inventory": () => ({ body: UNSET }),
      "/v1/reports/esrs-e1-6": () => refusal(500, { request_id: "req-1" }),
    });
    render(<Reports />, root);
    await choose("esrs-e1-6");
    submit();
    expect((await settled("[role=alert]")).textContent).toContain("req-1");
  });

  test("settings that cannot be read leave calendar years, with a retry", async () => {
    let answer: Answer = refusal(500, { request_id: "req-2" });
    serve({ "/v1/tenant/inventory": () => answer });
    render(<Reports />, root);
    const banner = await settled("[role=alert]");
    expect(banner.textContent).toContain("calendar years");
    await choose("cdp");
    expect(root.textContent).toContain("the calendar year");
    answer = { body: APRIL };
    banner.querySelector("button")?.click();
    await vi.waitFor(() => expect(root.querySelector("[role=alert]")).toBeNull());
    expect(root.querySelector<HTMLInputElement>("input[name=from]")?.value).toBe("2025-04");
  });
});

describe("CSV as the API writes it", () => {
  test("quoted fields keep their commas, quotes and line breaks", () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"two\r\nlines",,x\r\n')).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["two\r\nlines", "", "x"],
    ]);
    expect(parseCsv("a,b")).toEqual([["a", "b"]]);
    expect(parseCsv("")).toEqual([]);
  });
});
