// The demo tenant's admin (local/seed.py) signs in with a TOTP code and reads the year the
// demo data covers: the dashboard shows what GET /v1/emissions/summary answered for the same
// range and GWP set, in either language.
import type { Page, Response } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { checkScreen, chooseLanguage, pageForTests } from "../support/browser";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_YEAR } from "../support/demo";
import { totp } from "../support/totp";

interface SummaryAnswer {
  totals: { co2e_t: number; co2e_market_based_t: number; biogenic_co2_kg: number };
  scope_2: { location_based_t: number; market_based_t: number };
  groups: { key: string; co2e_t: number }[];
}

const opened = pageForTests();
let page: Page;

beforeAll(() => {
  page = opened.page;
});

/** The summary of the totals (grouped by scope), not the chart's or the breakdowns'. */
function isSummary(response: Response): boolean {
  const url = new URL(response.url());
  return (
    url.pathname === "/v1/emissions/summary" &&
    url.searchParams.get("group_by") === "scope" &&
    url.searchParams.get("from") === `${DEMO_YEAR}-01` &&
    response.ok()
  );
}

/** The figures as the API gave them, formatted as the app must show them in `language`. */
function expectedFigures(answer: SummaryAnswer, language: string): Record<string, string> {
  const format = (value: number): string =>
    new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      value,
    );
  const scope = (key: string): number => answer.groups.find((g) => g.key === key)?.co2e_t ?? 0;
  return {
    "scope-1": format(scope("scope-1")),
    "scope-2-location": format(answer.scope_2.location_based_t),
    "scope-2-market": format(answer.scope_2.market_based_t),
    "scope-3": format(scope("scope-3")),
    "total-location": format(answer.totals.co2e_t),
    "total-market": format(answer.totals.co2e_market_based_t),
    biogenic: format(answer.totals.biogenic_co2_kg / 1000),
  };
}

async function shownFigures(): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("[data-figure]")].map((figure) => [
        figure.getAttribute("data-figure"),
        figure.querySelector(".figure-value")?.textContent ?? "",
      ]),
    ),
  );
}

describe("the inventory dashboard", () => {
  test("after a TOTP sign-in, shows the year's totals exactly as the API answered them", async () => {
    await page.goto(`/?year=${DEMO_YEAR}&gwp=AR5`);
    await page.getByLabel("Work e-mail").fill(DEMO_EMAIL);
    await page.getByLabel(/^Password$/).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: /^Sign in$/ }).click();
    await page.getByRole("heading", { name: "Enter your code" }).waitFor();

    const answered = page.waitForResponse(isSummary);
    await page.getByLabel(/^Code$/).fill(totp(DEMO_TOTP_SECRET));
    await page.getByRole("button", { name: /Verify/ }).click();
    const response = await answered;
    const query = new URL(response.url()).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({
      from: `${DEMO_YEAR}-01`,
      to: `${DEMO_YEAR}-12`,
      gwp: "AR5",
    });
    const answer = (await response.json()) as SummaryAnswer;
    expect(answer.totals.co2e_t).toBeGreaterThan(0);
    await page.locator("[data-testid=totals][data-gwp=AR5]").waitFor();
    expect(await shownFigures()).toEqual(expectedFigures(answer, "en"));
    await chooseLanguage(page, "ja");
    expect(await shownFigures()).toEqual(expectedFigures(answer, "ja"));
    await chooseLanguage(page, "en");
    // The chart, the breakdowns and the year before come after the totals.
    await page.locator("[data-testid=trend-chart] canvas").waitFor();
    await page.locator("[data-testid=by-category] tbody tr").first().waitFor();
    await checkScreen(page, "dashboard");
  });

  test("another GWP set asks the API again and shows its answer", async () => {
    const answered = page.waitForResponse(isSummary);
    await page.getByLabel("GWP values").selectOption("AR6");
    const response = await answered;
    expect(new URL(response.url()).searchParams.get("gwp")).toBe("AR6");
    await page.locator("[data-testid=totals][data-gwp=AR6]").waitFor();
    expect(await shownFigures()).toEqual(
      expectedFigures((await response.json()) as SummaryAnswer, "en"),
    );
  });

  test("an unknown address says so and leads back", async () => {
    await page.goto("/no-such-page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await checkScreen(page, "not-found");
    await page.getByRole("link", { name: "Go to the dashboard" }).click();
    await page.getByRole("heading", { name: "Inventory" }).waitFor();
  });
});

interface LineAnswer {
  row: number;
  scope: number;
  co2e_kg_by_gwp_set: Record<string, number>;
  provenance: { formula: string; factors: { table?: string }[] };
}

function isLines(response: Response): boolean {
  return new URL(response.url()).pathname === "/v1/emissions/lines" && response.ok();
}

describe("the lines behind the figures", () => {
  test("Scope 1 links down to its lines, which add up to it, each with its provenance", async () => {
    await page.goto(`/?year=${DEMO_YEAR}&gwp=AR5`);
    const figure = page.locator("[data-testid=totals][data-gwp=AR5] [data-figure=scope-1]");
    const shown = (await figure.locator(".figure-value").textContent()) ?? "";

    const pages: LineAnswer[][] = [];
    const answered = page.waitForResponse(isLines);
    await figure.getByRole("link").click();
    let response = await answered;
    expect(Object.fromEntries(new URL(response.url()).searchParams)).toMatchObject({
      from: `${DEMO_YEAR}-01`,
      to: `${DEMO_YEAR}-12`,
      scope: "1",
    });
    for (;;) {
      const body = (await response.json()) as { lines: LineAnswer[]; next_cursor: string | null };
      pages.push(body.lines);
      if (body.next_cursor === null) break;
      const more = page.waitForResponse(isLines);
      await page.getByRole("button", { name: "Load more lines" }).click();
      response = await more;
    }
    const lines = pages.flat();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.scope === 1)).toBe(true);
    await expect
      .poll(() => page.locator("[data-testid=lines] tbody tr").count())
      .toBe(lines.length);
    // Every demo row lies inside the year, so its lines add up to the figure exactly.
    const tonnes =
      lines.reduce((sum, line) => sum + (line.co2e_kg_by_gwp_set["AR5"] ?? 0), 0) / 1000;
    expect(
      new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        tonnes,
      ),
    ).toBe(shown);

    const first = lines[0];
    if (!first) throw new Error("no line");
    await page
      .getByRole("button", { name: `Show the provenance of row ${first.row}` })
      .first()
      .click();
    const provenance = page.locator(".provenance").first();
    await provenance.getByText(first.provenance.formula, { exact: true }).waitFor();
    const table = first.provenance.factors[0]?.table;
    if (table) await provenance.getByText(table, { exact: true }).first().waitFor();
    await provenance.getByRole("columnheader", { name: "Cell" }).first().waitFor();
    await checkScreen(page, "lines");
  });

  test("each category and facility of the breakdowns links to its own lines", async () => {
    await page.goto(`/?year=${DEMO_YEAR}&gwp=AR6`);
    const category = page
      .locator("[data-testid=by-category] tbody tr")
      .first()
      .getByRole("link")
      .first();
    const facility = page
      .locator("[data-testid=by-facility] tbody tr")
      .first()
      .getByRole("link")
      .first();
    const query = async (link: typeof category) =>
      Object.fromEntries(new URL((await link.getAttribute("href")) ?? "", "http://x").searchParams);
    expect(await query(category)).toMatchObject({ from: `${DEMO_YEAR}-01`, gwp: "AR6" });
    expect(Object.keys(await query(category))).toContain("category");
    expect(Object.keys(await query(facility))).toContain("facility");
    const answered = page.waitForResponse(isLines);
    await facility.click();
    const asked = new URL((await answered).url()).searchParams.get("facility");
    expect(asked).toBe(
      (await page.locator("[data-testid=lines] tbody tr td").nth(1).textContent()) ?? "",
    );
  });
});

describe("reports", () => {
  test("the inventory CSV downloads for the range, base year and GWP set chosen", async () => {
    await page.goto("/reports");
    await page.getByRole("heading", { name: "Reports" }).waitFor();
    await checkScreen(page, "reports");
    await page.getByLabel("From", { exact: true }).fill(`${DEMO_YEAR}-01`);
    await page.getByLabel("To", { exact: true }).fill(`${DEMO_YEAR}-06`);
    await page.getByLabel("Base year").fill(String(DEMO_YEAR - 1));
    await page.getByLabel("GWP values").selectOption("AR6");
    const exported = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/v1/emissions/export",
    );
    const downloaded = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV" }).click();
    const [response, download] = await Promise.all([exported, downloaded]);
    expect(Object.fromEntries(new URL(response.url()).searchParams)).toMatchObject({
      from: `${DEMO_YEAR}-01`,
      to: `${DEMO_YEAR}-06`,
      base_year: String(DEMO_YEAR - 1),
      gwp: "AR6",
    });
    expect(download.suggestedFilename()).toBe(`inventory-${DEMO_YEAR}-01-${DEMO_YEAR}-06.csv`);
    const { readFileSync } = await import("node:fs");
    const file = readFileSync((await download.path()) ?? "", "utf-8");
    // The same export asked for with a token of its own gives the same file.
    const again = await page.evaluate(
      async (path) => {
        const refreshed = await fetch("/v1/auth/refresh", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        });
        const { access_token } = (await refreshed.json()) as { access_token: string };
        const answer = await fetch(path, { headers: { Authorization: `Bearer ${access_token}` } });
        return answer.text();
      },
      new URL(response.url()).pathname + new URL(response.url()).search,
    );
    expect(file).toBe(again);
    expect(file.split("\n").length).toBeGreaterThan(2);
    await page.getByText(`inventory-${DEMO_YEAR}-01-${DEMO_YEAR}-06.csv was downloaded.`).waitFor();
  });

  test("a range the API refuses is explained beside the field it names", async () => {
    await page.getByLabel("From", { exact: true }).fill(`${DEMO_YEAR}-09`);
    await page.getByLabel("To", { exact: true }).fill(`${DEMO_YEAR}-03`);
    await page.getByRole("button", { name: "Download CSV" }).click();
    const from = page.locator(".field", { has: page.getByLabel("From", { exact: true }) });
    await from.locator(".field-error").waitFor();
    expect(await page.getByLabel("From", { exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    await checkScreen(page, "reports-refused");
  });
});

describe("factors", () => {
  test("the library is searched by words and publisher, each factor with its provenance", async () => {
    await page.goto("/factors");
    await page.locator("[data-testid=factors] tbody tr").first().waitFor();
    await page.getByLabel("Words").fill("natural gas");
    await page
      .getByLabel("Publisher")
      .selectOption({ label: "US Environmental Protection Agency" });
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/v1/factors" && r.url().includes("publisher="),
    );
    await page.getByRole("button", { name: "Search" }).click();
    const response = await answered;
    const body = (await response.json()) as { factors: { source: string; label: string }[] };
    expect(new URL(response.url()).searchParams.get("q")).toBe("natural gas");
    expect(body.factors.length).toBeGreaterThan(0);
    expect(new Set(body.factors.map((factor) => factor.source))).toEqual(
      new Set([new URL(response.url()).searchParams.get("publisher")]),
    );
    await expect
      .poll(() => page.locator("[data-testid=factors] tbody tr").count())
      .toBe(body.factors.length);
    const label = body.factors[0]?.label ?? "";
    await page
      .getByRole("button", { name: `Show the provenance of ${label}` })
      .first()
      .click();
    await page.locator(".provenance").getByRole("columnheader", { name: "Cell" }).waitFor();
    await checkScreen(page, "factors");
  });
});
