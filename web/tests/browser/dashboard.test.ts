// The demo tenant's admin (local/seed.py) signs in with a TOTP code and reads the year the
// demo data covers: the dashboard shows what GET /v1/emissions/summary answered for the same
// range and GWP set, in either language.
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  checkScreen,
  chooseLanguage,
  launch,
  openPage,
  type WatchedPage,
} from "../support/browser";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_YEAR } from "../support/demo";
import { totp } from "../support/totp";

interface SummaryAnswer {
  totals: { co2e_t: number; co2e_market_based_t: number; biogenic_co2_kg: number };
  scope_2: { location_based_t: number; market_based_t: number };
  groups: { key: string; co2e_t: number }[];
}

let browser: Browser;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  watched = await openPage(browser);
  page = watched.page;
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(watched.cspViolations).toEqual([]);
});

function isSummary(response: Response): boolean {
  return new URL(response.url()).pathname === "/v1/emissions/summary" && response.ok();
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
