// The Reports screen against the local platform: the demo tenant's admin (local/seed.py)
// downloads the CDP report of the year its data covers and reads the file's first rows, then
// sees the ESRS E1-6 table on screen, figure for figure the file the API answered, and
// downloads that same file; a year the API refuses is worded beside the year.
import { readFileSync } from "node:fs";
import type { Page, Response } from "playwright-core";
import { describe, expect, test } from "vitest";
import { checkScreen, pageForTests } from "../support/browser";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_YEAR } from "../support/demo";
import { submit } from "../support/sign-in";
import { Authenticator } from "../support/totp";

// Other test files sign in as the demo admin too, each code good once: a refused code is
// followed by a later one.
const DEMO_APP = new Authenticator(DEMO_TOTP_SECRET);
const opened = pageForTests();

async function signInAsDemoAdmin(page: Page): Promise<void> {
  await page.getByLabel("Work e-mail").fill(DEMO_EMAIL);
  await submit(page, "Password", DEMO_PASSWORD, /^Sign in$/);
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
  for (let attempt = 1; ; attempt++) {
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/v1/auth/challenge",
    );
    await submit(page, "Code", await DEMO_APP.code(), /Verify/);
    if ((await answered).ok()) break;
    if (attempt === 4) throw new Error("the demo admin's codes were refused four times");
  }
  await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
}

// Access tokens live seconds here: the answer is the one after any refresh.
const isReport = (name: string) => (response: Response) =>
  new URL(response.url()).pathname === `/v1/reports/${name}` && response.ok();

/** The CDP file's `metadata: <name>` value (in its second column, `item`; unquoted here). */
function cdpMetadata(rows: readonly string[], name: string): string {
  return rows.find((line) => line.startsWith(`metadata: ${name},`))?.split(",")[1] ?? "";
}

/** `2025-01` as the English screen writes it: "January 2025". */
function month(yearMonth: string): string {
  const [year, number] = yearMonth.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1)));
}

describe("reports", () => {
  test("the CDP report of the demo year downloads, its first rows naming what it is", async () => {
    const page = opened.page;
    await page.goto("/reports");
    await signInAsDemoAdmin(page);
    await page.getByLabel("CDP climate change (C6, C7)").check();
    await page.getByLabel("Reporting year", { exact: true }).fill(String(DEMO_YEAR));
    await page.getByLabel("GWP values").selectOption("AR6");
    const answered = page.waitForResponse(isReport("cdp"));
    const downloaded = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV" }).click();
    const [response, download] = await Promise.all([answered, downloaded]);
    expect(Object.fromEntries(new URL(response.url()).searchParams)).toEqual({
      year: String(DEMO_YEAR),
      gwp: "AR6",
    });
    expect(download.suggestedFilename()).toBe(`cdp-climate-${DEMO_YEAR}.csv`);
    const rows = readFileSync((await download.path()) ?? "", "utf-8").split("\r\n");
    expect(rows[0]).toBe("cdp_question,item,scope_2_method,co2e_t,status");
    expect(rows[1]).toMatch(/^metadata: shaped after,"CDP climate change questionnaire/);
    expect(cdpMetadata(rows, "gwp_set")).toBe("IPCC AR6 GWP-100");
    // The year the screen said it covers is the period the file names.
    const [from, to] = cdpMetadata(rows, "period").split(" to ");
    const hint = page.locator(".field", {
      has: page.getByLabel("Reporting year", { exact: true }),
    });
    expect(await hint.locator(".field-hint").textContent()).toContain(
      `${DEMO_YEAR} covers ${month(from ?? "")} to ${month(to ?? "")}`,
    );
    const scope1 = rows.find((row) => row.startsWith("C6.1,"))?.split(",") ?? [];
    expect(Number(scope1[3])).toBeGreaterThan(0);
    expect(scope1[4]).toBe("calculated");
    await page.getByText(`cdp-climate-${DEMO_YEAR}.csv was downloaded.`).waitFor();
    await checkScreen(page, "reports-cdp");
  });

  test("the ESRS E1-6 table is shown, and the file it was read from downloads", async () => {
    const page = opened.page;
    await page.getByLabel("ESRS E1-6", { exact: true }).check();
    await page.getByLabel("Reporting year", { exact: true }).fill(String(DEMO_YEAR));
    await page.getByLabel("GWP values").selectOption("AR5");
    const answered = page.waitForResponse(isReport("esrs-e1-6"));
    await page.getByRole("button", { name: "Show the table" }).click();
    expect(Object.fromEntries(new URL((await answered).url()).searchParams)).toEqual({
      year: String(DEMO_YEAR),
      gwp: "AR5",
    });
    const table = page.locator("[data-testid=esrs] table");
    await table.waitFor();
    await checkScreen(page, "reports-esrs");

    const downloaded = page.waitForEvent("download");
    await page.locator("[data-testid=esrs]").getByRole("button", { name: "Download CSV" }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`esrs-e1-6-${DEMO_YEAR}.csv`);
    await page.getByText(`esrs-e1-6-${DEMO_YEAR}.csv was downloaded.`).waitFor();
    const rows = readFileSync((await download.path()) ?? "", "utf-8").split("\r\n");
    expect(rows[0]).toBe(
      "disclosure,esrs_e1_paragraph,item,scope_2_method,reporting_year_t,base_year,base_year_t,target",
    );
    expect(rows[2]).toBe("metadata: gwp_set,,IPCC AR5 GWP-100,,,,,");
    // The table on screen is the file's: a row per disclosure, Scope 1's figure the same.
    const disclosures = rows.filter((row) => row.startsWith("E1-6,"));
    expect(await table.locator("tbody tr").count()).toBe(disclosures.length);
    const scope1 = Number(disclosures[0]?.split(",")[4]);
    expect(scope1).toBeGreaterThan(0);
    const shown = await table.locator("tbody tr").first().locator("td").allTextContents();
    const tonnes = new Intl.NumberFormat("en-GB", {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    expect(shown.slice(0, 3)).toEqual([
      "44(a)",
      "Gross Scope 1 GHG emissions",
      tonnes.format(scope1),
    ]);
    expect(await page.locator("[data-testid=esrs] dl").textContent()).toContain("IPCC AR5 GWP-100");
  });

  test("a year the API refuses is explained beside the year", async () => {
    const page = opened.page;
    await page.getByLabel("Reporting year", { exact: true }).fill("999");
    await page.getByRole("button", { name: "Show the table" }).click();
    const year = page.locator(".field", {
      has: page.getByLabel("Reporting year", { exact: true }),
    });
    await year.locator(".field-error").waitFor();
    expect(await year.locator(".field-error").textContent()).toBe(
      "This is not in the expected format.",
    );
    expect(
      await page.getByLabel("Reporting year", { exact: true }).getAttribute("aria-invalid"),
    ).toBe("true");
    await checkScreen(page, "reports-refused-year");
  });
});
