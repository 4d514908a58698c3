// The platform's access review in the staff console: a security reviewer (made and signed in
// once by tests/browser/test_web_app.py, which then opened the quarter's reviews) finds the
// review, cannot decide on their own item, attests a grant, revokes its holder with a
// reason, and downloads the evidence; each screen in both languages.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { signInWithCode } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const EMAIL = required("FOOTPRINT_REVIEW_SECURITY_EMAIL");
const PASSWORD = required("FOOTPRINT_REVIEW_SECURITY_PASSWORD");
const SECURITY_APP = new Authenticator(
  required("FOOTPRINT_REVIEW_SECURITY_TOTP_SECRET"),
  Number(required("FOOTPRINT_REVIEW_SECURITY_TOTP_STEP")),
);
const GRANT_TICKET = required("FOOTPRINT_REVIEW_GRANT_TICKET");
const HOLDER = required("FOOTPRINT_REVIEW_STAFF_NAME");

const opened = pageForTests();
let page: Page;

beforeAll(() => {
  page = opened.page;
});

const staffRow = () => page.locator('tr[data-kind="staff"]').filter({ hasText: HOLDER });

describe("the platform's access review", () => {
  test("security opens this quarter's review; their own item is left to another", async () => {
    await page.goto("/staff/reviews");
    await signInWithCode(
      page,
      { email: EMAIL, password: PASSWORD, app: SECURITY_APP },
      "Access reviews",
    );
    await checkScreen(page, "staff-access-reviews");

    await page.locator("table tbody a").first().click();
    await page.getByRole("heading", { level: 1, name: /^Access review \d{4}-q\d$/ }).waitFor();
    const own = page.locator(`tr[data-user="${EMAIL}"]`);
    expect(await own.getByRole("button").count()).toBe(0);
    expect(await own.innerText()).toContain("another security reviewer decides it");
    await checkScreen(page, "staff-access-review");
  });

  test("a grant's row names its tenant, ticket and approver, and is attested", async () => {
    const grant = page.locator('tr[data-kind="staff_grant"]').filter({ hasText: GRANT_TICKET });
    const text = await grant.innerText();
    for (const shown of [HOLDER, "Tenant t-", "Review Lead", "Requests made under it: 1"]) {
      expect(text).toContain(shown);
    }
    await grant.getByRole("button", { name: "Attest" }).click();
    await page
      .locator('tr[data-kind="staff_grant"][data-decision=attest]')
      .filter({ hasText: GRANT_TICKET })
      .waitFor();
  });

  test("revoking the grant's holder needs a reason, then disables them", async () => {
    await staffRow().getByRole("button", { name: "Revoke" }).click();
    await staffRow().getByRole("button", { name: "Revoke access" }).click();
    // The reason is required: the browser asks for it before anything is sent.
    expect(await staffRow().getAttribute("data-decision")).toBe("none");
    await staffRow().getByLabel("Why revoke").fill("Moved to another team");
    await checkScreen(page, "staff-access-review-revoking");
    await staffRow().getByRole("button", { name: "Revoke access" }).click();
    await page.locator('tr[data-kind="staff"][data-decision=revoke]').waitFor();
    expect(await staffRow().innerText()).toContain("Moved to another team");
  });

  test("the evidence downloads as CSV with the decisions in it", async () => {
    const downloaded = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download evidence (CSV)" }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/^access-review-.+-platform\.csv$/);
    const text = await readFile(await file.path(), "utf-8");
    expect(text).toContain(GRANT_TICKET);
    expect(text).toContain("Moved to another team");
  });
});
