// Privacy in the browser: a tenant's admin (tests/browser/test_web_app.py makes the tenant and
// a disabled user) downloads their own data and the disabled user's, then erases that user
// after typing their e-mail.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { signInWithCode } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const EMAIL = required("FOOTPRINT_PRIVACY_ADMIN_EMAIL");
const ADMIN_APP = new Authenticator(
  required("FOOTPRINT_PRIVACY_ADMIN_TOTP_SECRET"),
  Number(required("FOOTPRINT_PRIVACY_ADMIN_TOTP_STEP")),
);
const LEAVER = required("FOOTPRINT_PRIVACY_LEAVER_EMAIL");
const PASSWORD = required("FOOTPRINT_MEMBER_PASSWORD");

const opened = pageForTests();
let page: Page;

beforeAll(() => {
  page = opened.page;
});

async function downloaded(click: () => Promise<void>): Promise<Record<string, unknown>> {
  const download = page.waitForEvent("download");
  await click();
  const path = await (await download).path();
  return JSON.parse(await readFile(path, "utf-8")) as Record<string, unknown>;
}

describe("personal data", () => {
  test("the admin downloads their own data from the account menu", async () => {
    await page.goto("/admin/users");
    await signInWithCode(page, { email: EMAIL, password: PASSWORD, app: ADMIN_APP }, "Users");
    const mine = await downloaded(() =>
      page.getByRole("button", { name: "My personal data" }).click(),
    );
    expect(JSON.stringify(mine["profile"])).toContain(EMAIL);
    expect(JSON.stringify(mine)).not.toContain(LEAVER);
  });

  test("the disabled user's data downloads, then they are erased once their e-mail is typed", async () => {
    const row = page.locator(`tr[data-user="${LEAVER}"]`);
    const theirs = await downloaded(() =>
      row.getByRole("button", { name: "Export personal data" }).click(),
    );
    expect(JSON.stringify(theirs["profile"])).toContain(LEAVER);
    await row.getByRole("button", { name: "Erase", exact: true }).click();
    const confirm = row.getByRole("button", { name: "Erase for good" });
    expect(await confirm.isDisabled()).toBe(true);
    await row.getByLabel("Type their e-mail address to confirm").fill(LEAVER);
    await checkScreen(page, "admin-users-erase");
    await confirm.click();
    await row.waitFor({ state: "detached" });
    await checkScreen(page, "admin-users-erased");
  });
});
