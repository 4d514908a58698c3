// An access review in the browser: the admin of a tenant whose quarter's review is open
// (tests/browser/test_web_app.py opens it) finds it, cannot decide on their own access,
// co-signs the staff grant made to the tenant, revokes the editor's with a reason, and
// downloads the evidence as CSV.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { signInWithCode } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const EMAIL = required("FOOTPRINT_REVIEW_ADMIN_EMAIL");
const PASSWORD = required("FOOTPRINT_REVIEW_ADMIN_PASSWORD");
const ADMIN_APP = new Authenticator(
  required("FOOTPRINT_REVIEW_ADMIN_TOTP_SECRET"),
  Number(required("FOOTPRINT_REVIEW_ADMIN_TOTP_STEP")),
);
const EDITOR = "editor@review-test.example";
const GRANT_TICKET = required("FOOTPRINT_REVIEW_GRANT_TICKET");
const STAFF_NAME = required("FOOTPRINT_REVIEW_STAFF_NAME");

const opened = pageForTests();
let page: Page;

beforeAll(() => {
  page = opened.page;
});

describe("an access review", () => {
  test("the admin opens the quarter's review; their own access is left to another admin", async () => {
    await page.goto("/admin/access-reviews");
    await signInWithCode(
      page,
      { email: EMAIL, password: PASSWORD, app: ADMIN_APP },
      "Access reviews",
    );
    await checkScreen(page, "admin-access-reviews");

    await page.locator("table tbody a").first().click();
    await page.getByRole("heading", { level: 1, name: /^Access review \d{4}-q\d$/ }).waitFor();
    const own = page.locator(`tr[data-user="${EMAIL}"]`);
    expect(await own.getByRole("button").count()).toBe(0);
    expect(await own.innerText()).toContain("another admin decides it");
    await checkScreen(page, "admin-access-review");
  });

  test("a staff grant to the tenant is laid out as a grant, and the admin co-signs it", async () => {
    const grant = page.locator('tr[data-kind="staff_grant"]').filter({ hasText: GRANT_TICKET });
    const text = await grant.innerText();
    for (const shown of [STAFF_NAME, "Staff grant", "Read", "Review Lead", "Requests made"]) {
      expect(text).toContain(shown);
    }
    await grant.getByRole("button", { name: "Attest" }).click();
    await page.locator('tr[data-kind="staff_grant"][data-decision=attest]').waitFor();
  });

  test("revoking needs a reason, then the editor's access is revoked", async () => {
    const editor = page.locator(`tr[data-user="${EDITOR}"]`);
    await editor.getByRole("button", { name: "Revoke" }).click();
    await editor.getByLabel("Why revoke").fill("Left the sustainability team");
    await checkScreen(page, "admin-access-review-revoking");
    await editor.getByRole("button", { name: "Revoke access" }).click();
    await page.locator(`tr[data-user="${EDITOR}"][data-decision=revoke]`).waitFor();
    expect(await page.locator(`tr[data-user="${EDITOR}"]`).innerText()).toContain(
      "Left the sustainability team",
    );
  });

  test("the evidence downloads as CSV with the decision in it", async () => {
    const downloaded = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download evidence (CSV)" }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/^access-review-.+\.csv$/);
    const path = await file.path();
    const text = await readFile(path, "utf-8");
    expect(text).toContain(EDITOR);
    expect(text).toContain("revoke");
  });
});
