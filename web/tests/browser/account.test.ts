// My account in the browser (tests/browser/test_web_app.py makes the tenant, its admin and an
// editor, both with an authenticator): the editor ends a session of theirs elsewhere (whose
// refresh is then refused), is refused a wrong current password without being signed out,
// changes their password and signs in with the new one; their admin resets their MFA from
// Users, and the editor's next sign-in asks them to set up an authenticator.
// The tests run in order.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { post, signInElsewhere } from "../support/api";
import { checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { signInWithCode, submit } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const PASSWORD = required("FOOTPRINT_MEMBER_PASSWORD");
const NEW_PASSWORD = "the editor's brand new passphrase";
const MEMBER = required("FOOTPRINT_ACCOUNT_MEMBER_EMAIL");
const ADMIN = required("FOOTPRINT_ACCOUNT_ADMIN_EMAIL");
const memberApp = new Authenticator(
  required("FOOTPRINT_ACCOUNT_MEMBER_TOTP_SECRET"),
  Number(required("FOOTPRINT_ACCOUNT_MEMBER_TOTP_STEP")),
);
const adminApp = new Authenticator(
  required("FOOTPRINT_ACCOUNT_ADMIN_TOTP_SECRET"),
  Number(required("FOOTPRINT_ACCOUNT_ADMIN_TOTP_STEP")),
);

const opened = pageForTests();
let page: Page;

/** Sign in on the page at hand; the screen asked for (`landing`, its heading) then opens. */
const signIn = (
  on: Page,
  email: string,
  password: string,
  app: Authenticator,
  landing = "Inventory",
) => signInWithCode(on, { email, password, app }, landing);

const sessionRows = () => page.locator("table.sessions tbody tr");

describe("my account", () => {
  let elsewhere = "";

  test("the editor opens My account from the account menu and sees each session's device", async () => {
    elsewhere = await signInElsewhere(MEMBER, PASSWORD, await memberApp.code());
    page = opened.page;
    await page.goto("/");
    await signIn(page, MEMBER, PASSWORD, memberApp);
    await page.getByRole("link", { name: "My account" }).click();
    await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
    // This browser's, the other sign-in's (Node's fetch: no device it names) and the set-up's.
    await sessionRows().nth(2).waitFor();
    expect(await sessionRows().count()).toBe(3);
    const mine = page.locator("tr[data-current=true]");
    expect(await mine.innerText()).toMatch(/Chrome on Linux[\s\S]*This session/);
    await checkScreen(page, "account");
  });

  test("ending the other session refuses its refresh at once", async () => {
    await page.getByRole("button", { name: "End the session on Unknown device" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll("table.sessions tbody tr").length === 2,
    );
    const refused = await post("/auth/refresh", { refresh_token: elsewhere });
    expect(refused.status).toBe(401);
  });

  test("a wrong current password is answered beside it, still signed in", async () => {
    const form = page.getByRole("form", { name: "Password" });
    await form.getByLabel("Current password").fill("not my password at all");
    await form.getByLabel("Code from your authenticator app").fill(await memberApp.code());
    await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel("New password again").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText("This is not your current password.").waitFor();
    expect(await page.getByRole("heading", { level: 1, name: "My account" }).count()).toBe(1);
    await checkScreen(page, "account-refused");
  });

  test("the editor changes their password and signs in with the new one", async () => {
    const form = page.getByRole("form", { name: "Password" });
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel("Code from your authenticator app").fill(await memberApp.code());
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText(/Your password is changed/).waitFor();
    await checkScreen(page, "account-password-changed");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByLabel("Work e-mail").fill(MEMBER);
    await submit(page, "Password", PASSWORD, /^Sign in$/);
    await page.getByRole("alert").waitFor(); // the old one no longer opens the account
    await page.goto("/");
    await signIn(page, MEMBER, NEW_PASSWORD, memberApp);
  });
});

describe("an admin's account actions", () => {
  test("the admin resets the editor's MFA from Users, after confirming", async () => {
    const theirs = (await opened.open()).page;
    await theirs.goto("/admin/users");
    await signIn(theirs, ADMIN, PASSWORD, adminApp, "Users");
    const row = theirs.locator(`tr[data-user="${MEMBER}"]`);
    await row.waitFor();
    expect(
      await theirs
        .locator(`tr[data-user="${ADMIN}"]`)
        .getByRole("button", { name: "Reset MFA" })
        .count(),
    ).toBe(0);
    await row.getByRole("button", { name: "Reset MFA" }).click();
    await checkScreen(theirs, "admin-users-reset-mfa");
    await row.getByRole("group").getByRole("button", { name: "Reset MFA" }).click();
    await row.getByRole("status").filter({ hasText: "sets up an authenticator" }).waitFor();
    await checkScreen(theirs, "admin-users-mfa-reset");
  });

  test("the editor's next sign-in asks them to set up the authenticator", async () => {
    await page.goto("/");
    await page.getByLabel("Work e-mail").waitFor();
    await page.getByLabel("Work e-mail").fill(MEMBER);
    await submit(page, "Password", NEW_PASSWORD, /^Sign in$/);
    await page.getByRole("heading", { name: "Set up your authenticator" }).waitFor();
  });
});
