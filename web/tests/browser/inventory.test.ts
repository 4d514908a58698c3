// The inventory over years, by the demo tenant's admin (local/seed.py: a year of data): no
// base year at first, so the Base year screen sends them to Inventory settings; a refused
// threshold is worded beside its field; the saved base year's snapshot matches what is
// published for it, and a recalculation keeps the earlier figures in the history; a target
// set on that base year shows its pathway (chart and table) and whether it is on track. Every
// screen is checked with axe in both languages, and for CSP violations.
// The tests run in order, as one admin's visit.
import { describe, expect, test } from "vitest";
import { checkScreen, pageForTests } from "../support/browser";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_YEAR } from "../support/demo";
import { signInWithCode } from "../support/sign-in";
import { Authenticator } from "../support/totp";

// The dashboard's test signed in with the demo admin's code of this time step or an earlier
// one; the API takes each step once, so this visit starts at the next step.
const DEMO_APP = new Authenticator(DEMO_TOTP_SECRET, Math.floor(Date.now() / 1000 / 30));
const TARGET_NAME = "Near-term";

const visit = pageForTests();

describe("the inventory over years", () => {
  test("with no base year set, the Base year screen sends the admin to the settings", async () => {
    const { page } = visit;
    await page.goto("/inventory/base-year");
    await signInWithCode(
      page,
      { email: DEMO_EMAIL, password: DEMO_PASSWORD, app: DEMO_APP },
      "Base year",
    );
    await page.getByTestId("no-base-year").waitFor();
    await checkScreen(page, "base-year-none");
    await page.getByRole("link", { name: "Set the base year in Inventory settings" }).click();
    await page.getByRole("heading", { level: 1, name: "Inventory settings" }).waitFor();
    await page.getByText("No base year is set yet. Choose one below and save.").waitFor();
    await checkScreen(page, "inventory-settings");
  });

  test("a threshold out of range is refused beside it, in either language; nothing is saved", async () => {
    const { page } = visit;
    await page.getByLabel("Base year", { exact: true }).fill(String(DEMO_YEAR));
    await page.getByLabel("Operational control").check();
    await page.getByLabel("Recalculation threshold (%)").fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    const beside = page
      .locator(".field-invalid")
      .filter({ has: page.locator('input[name="recalculation_threshold_pct"]') })
      .locator(".field-error");
    await beside.waitFor();
    expect(await beside.innerText()).toBe("Enter a number greater than 0.");
    await checkScreen(page, "inventory-settings-refused");
    // Still no base year: the Base year screen says so, and links back here.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Base year" })
      .click();
    await page.getByTestId("no-base-year").waitFor();
    await page.getByRole("link", { name: "Set the base year in Inventory settings" }).click();
    await page.getByRole("heading", { level: 1, name: "Inventory settings" }).waitFor();
  });

  test("the base year saved: what changed, and the snapshot taken", async () => {
    const { page } = visit;
    await page.getByLabel("Base year", { exact: true }).fill(String(DEMO_YEAR));
    await page.getByLabel("Operational control").check();
    await page.getByLabel("Recalculation threshold (%)").fill("5");
    await page.getByLabel("Reporting year begins in").selectOption("1");
    await page.getByRole("button", { name: "Save settings" }).click();
    const saved = page.getByTestId("saved");
    await saved.waitFor();
    expect(await saved.innerText()).toContain(`Base year: ${DEMO_YEAR}`);
    expect(await saved.innerText()).toContain(
      `A snapshot of the base year ${DEMO_YEAR} (January ${DEMO_YEAR} to December ${DEMO_YEAR})`,
    );
    await checkScreen(page, "inventory-settings-saved");
  });

  test("the snapshot stands beside the same months as published now, within the threshold", async () => {
    const { page } = visit;
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Base year" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Base year" }).waitFor();
    await page.locator("[data-now=total_location]").waitFor();
    const then = await page.locator("[data-then=total_location]").innerText();
    expect(Number(then.replace(/,/g, ""))).toBeGreaterThan(0);
    expect(await page.locator("[data-now=total_location]").innerText()).toBe(then);
    expect(await page.getByTestId("verdict").getAttribute("data-needed")).toBe("false");
    expect(await page.getByTestId("verdict").innerText()).toMatch(/figures stand/);
    await checkScreen(page, "base-year");
  });

  test("a recalculation, once confirmed, keeps the earlier figures in the history", async () => {
    const { page } = visit;
    await page.getByRole("button", { name: "Recalculate the base year" }).click();
    await page.getByRole("group", { name: "Confirm the recalculation" }).waitFor();
    await page.getByRole("button", { name: "Recalculate", exact: true }).click();
    await page.getByText("The base year was recalculated").waitFor();
    const history = page.getByTestId("history").locator("tbody tr");
    await expect.poll(() => history.count()).toBe(2);
    expect(await history.nth(0).innerText()).toContain(`${DEMO_YEAR} recalculated`);
    expect(await history.nth(1).innerText()).toContain(`Base year ${DEMO_YEAR} set`);
    await checkScreen(page, "base-year-recalculated");
  });

  test("a target refused beside its field, then set: its pathway, and on track in words", async () => {
    const { page } = visit;
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Targets" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Reduction targets" }).waitFor();
    await page.getByText("No targets yet.").waitFor();
    const form = page.getByTestId("new-target");
    await form.getByLabel("Name").fill(TARGET_NAME);
    await form.getByLabel("Base year").fill(String(DEMO_YEAR));
    await form.getByLabel("Target year").fill(String(DEMO_YEAR));
    await form.getByLabel("Reduction (%)").fill("42");
    await form.getByRole("button", { name: "Set target" }).click();
    const beside = form
      .locator(".field-invalid")
      .filter({ has: page.locator('input[name="target_year"]') })
      .locator(".field-error");
    await beside.waitFor();
    await checkScreen(page, "targets-refused");

    await form.getByLabel("Target year").fill("2030");
    await form.getByRole("button", { name: "Set target" }).click();
    const target = page.locator("[data-target]").filter({ hasText: TARGET_NAME });
    const verdict = target.getByTestId("on-track");
    await verdict.waitFor();
    // The base year is the target's first year: its published emissions are the pathway's start.
    expect(await verdict.getAttribute("data-state")).toBe("on-track");
    expect(await verdict.innerText()).toMatch(new RegExp(`^On track: in ${DEMO_YEAR},`));
    await target.locator("[data-testid=trend-chart] canvas").waitFor();
    const first = target.locator("tbody tr").first();
    const cells = await first.locator("td").allInnerTexts();
    expect(cells[0]).toBe(String(DEMO_YEAR));
    expect(cells[1]).toBe(cells[2]);
    expect(await form.locator(".field-error").count()).toBe(0);
    await checkScreen(page, "targets");
  });
});
