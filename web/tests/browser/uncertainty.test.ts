// The uncertainty statement in the browser: a tenant's admin (tests/browser/test_web_app.py
// makes the tenant, so the demo tenant's figures stay as the other tests expect them) opens
// Administration › Uncertainty figures, is refused a factor without its source beside that
// field, then states both parts for stationary combustion and finds them saved after a reload.
// Every screen is checked with axe in both languages, and for CSP violations.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { signInWithCode } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const EMAIL = required("FOOTPRINT_UNCERTAINTY_ADMIN_EMAIL");
const ADMIN_APP = new Authenticator(
  required("FOOTPRINT_UNCERTAINTY_ADMIN_TOTP_SECRET"),
  Number(required("FOOTPRINT_UNCERTAINTY_ADMIN_TOTP_STEP")),
);
const PASSWORD = required("FOOTPRINT_MEMBER_PASSWORD");
const METER = "Meter class 2 per the site's calibration certificate";
const SUPPLIER = "Tolerance stated by the gas supplier";
const FIELD = "categories.stationary_combustion";

const opened = pageForTests();
let page: Page;

beforeAll(() => {
  page = opened.page;
});

const input = (name: string) => page.locator(`input[name="${FIELD}.${name}"]`);
const errorBeside = (name: string) =>
  page
    .locator(".field-invalid")
    .filter({ has: input(name) })
    .locator(".field-error");

describe("the organisation's uncertainty figures", () => {
  test("the admin finds the statement in Administration, nothing stated yet", async () => {
    await page.goto("/admin");
    await signInWithCode(
      page,
      { email: EMAIL, password: PASSWORD, app: ADMIN_APP },
      "Administration",
    );
    await page.getByRole("link", { name: "Uncertainty figures" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Uncertainty figures" }).waitFor();
    await page.getByTestId("uncertainty-statement").waitFor();
    expect(await input("activity_pct").inputValue()).toBe("");
    expect(await page.getByRole("link", { name: "Go to Uploads" }).getAttribute("href")).toBe(
      "/uploads",
    );
    await checkScreen(page, "admin-uncertainty");
  });

  test("a factor without its source is refused beside the source; nothing is saved", async () => {
    await input("activity_pct").fill("2");
    await input("activity_source").fill(METER);
    await input("factor_pct").fill("3");
    await page.getByRole("button", { name: "Save the statement" }).click();
    await errorBeside("factor_source").waitFor();
    expect(await errorBeside("factor_source").innerText()).toContain("go together");
    expect(await errorBeside("activity_source").count()).toBe(0);
    expect(await page.getByTestId("saved").count()).toBe(0);
    await checkScreen(page, "admin-uncertainty-refused");
  });

  test("both parts stated with their sources: saved, listed as changed, there after a reload", async () => {
    await input("factor_source").fill(SUPPLIER);
    await page.getByRole("button", { name: "Save the statement" }).click();
    const saved = page.getByTestId("saved");
    await saved.waitFor();
    expect(await saved.innerText()).toContain(
      `Stationary combustion, Activity data: Not stated → ±2% (${METER})`,
    );
    expect(await saved.innerText()).toContain(
      `Stationary combustion, Emission factor: Not stated → ±3% (${SUPPLIER})`,
    );
    expect(await errorBeside("factor_source").count()).toBe(0);
    await checkScreen(page, "admin-uncertainty-saved");
    await page.reload();
    await page.getByTestId("uncertainty-statement").waitFor();
    expect(await input("activity_pct").inputValue()).toBe("2");
    expect(await input("activity_source").inputValue()).toBe(METER);
    expect(await input("factor_pct").inputValue()).toBe("3");
    expect(await input("factor_source").inputValue()).toBe(SUPPLIER);
  });
});
