// A new tenant's first admin signs in from scratch (new password, authenticator, recovery
// codes), keeps working past the access token's expiry, comes back to the page they were on
// after their session is ended elsewhere, and signs out. The tests run in order, as one
// person's morning; the platform and the tenant come from tests/browser/test_web_app.py.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { post, signInElsewhere } from "../support/api";
import { checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { submit } from "../support/sign-in";
import { totp } from "../support/totp";

const EMAIL = required("FOOTPRINT_NEW_ADMIN_EMAIL");
const TEMPORARY_PASSWORD = required("FOOTPRINT_NEW_ADMIN_PASSWORD");
const TOKEN_SECONDS = Number(required("FOOTPRINT_ACCESS_TOKEN_SECONDS"));
const PASSWORD = "a passphrase of my own for the browser test";
const COOKIE = "__Secure-fp_refresh";

const opened = pageForTests();
let page: Page;
let recoveryCodes: string[] = [];

beforeAll(() => {
  page = opened.page;
});

describe("signing in from scratch", () => {
  test("password, new password, authenticator set-up, recovery codes, then the dashboard", async () => {
    await page.goto("/");
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).count()).toBe(1);
    await checkScreen(page, "sign-in");

    await page.getByLabel("Work e-mail").fill(EMAIL);
    await submit(page, "Password", TEMPORARY_PASSWORD, /^Sign in$/);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await checkScreen(page, "new-password");

    await submit(page, "New password", "password", /Set password/); // on the common-password list
    await page.locator(".field-error").waitFor();
    expect(
      await page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid"),
    ).toBe("true");
    await checkScreen(page, "new-password-refused");

    await submit(page, "New password", PASSWORD, /Set password/);
    await page.getByRole("heading", { name: "Set up your authenticator" }).waitFor();
    await expect.poll(() => page.getByRole("img", { name: /QR code/ }).count()).toBe(1);
    const secret = (await page.locator(".secret").innerText()).replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await checkScreen(page, "authenticator-set-up");

    await submit(page, "Code", totp(secret), /Verify/);
    await page.getByRole("heading", { name: "Save your recovery codes" }).waitFor();
    recoveryCodes = await page.locator(".recovery-codes code").allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await checkScreen(page, "recovery-codes");

    await page.getByRole("button", { name: /I have saved them/ }).click();
    await page.getByRole("heading", { name: "Inventory" }).waitFor();
    await page.locator(".empty").waitFor(); // a new tenant has no data yet
    await checkScreen(page, "dashboard-empty");
  });

  test("the refresh token is an HttpOnly cookie for two paths; nothing else is stored", async () => {
    const cookies = await opened.watched.context.cookies();
    const refresh = cookies.filter((cookie) => cookie.name === COOKIE);
    expect(refresh.map((cookie) => cookie.path).sort()).toEqual([
      "/v1/auth/logout",
      "/v1/auth/refresh",
    ]);
    for (const cookie of refresh) {
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict" });
    }
    // Chromium keeps Secure cookies over http://127.0.0.1 (a secure context), and no script
    // of the page can read this one.
    expect(await page.evaluate(() => document.cookie)).toBe("");
    const stored = await page.evaluate(() => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
    }));
    expect(stored.session).toEqual([]);
    expect(stored.local.every((key) => key === "footprint.locale")).toBe(true);
  });

  test("a reload keeps the session: a new access token comes from the cookie", async () => {
    const refreshed = page.waitForResponse((r) => r.url().endsWith("/v1/auth/refresh"));
    await page.reload();
    expect((await refreshed).status()).toBe(200);
    await page.getByRole("heading", { name: "Inventory" }).waitFor();
  });
});

describe("an expired access token", () => {
  test("is refreshed once and the request goes through", async () => {
    await page.waitForTimeout((TOKEN_SECONDS + 1) * 1000);
    const statuses: string[] = [];
    page.on("response", (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith("/v1/")) statuses.push(`${path} ${response.status()}`);
    });
    await page.getByLabel("GWP values").selectOption("AR6");
    await page.locator(".empty").waitFor();
    expect(statuses).toEqual([
      "/v1/emissions/summary 401",
      "/v1/auth/refresh 200",
      "/v1/emissions/summary 200",
    ]);
    expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(0);
  });
});

describe("a session ended elsewhere", () => {
  test("returns to sign-in, then to the page the person was on", async () => {
    await page.getByLabel("Reporting year").selectOption(String(new Date().getFullYear() - 3));
    await page.locator(".empty").waitFor();
    const kept = page.url();
    expect(kept).toContain("gwp=AR6");

    // Another device signs out everywhere (JSON mode, with a recovery code).
    const elsewhere = await signInElsewhere(EMAIL, PASSWORD, recoveryCodes[0] ?? "");
    expect(
      (await post("/auth/logout", { refresh_token: elsewhere, everywhere: true })).status,
    ).toBe(204);
    await page.waitForTimeout(1100); // a session opened in the same second would end too

    await page.getByLabel("GWP values").selectOption("AR4");
    await page.getByText("Your session has ended.").waitFor();
    expect(page.url()).toBe(kept.replace("gwp=AR6", "gwp=AR4"));
    await checkScreen(page, "session-ended");

    await page.getByLabel("Work e-mail").fill(EMAIL);
    await submit(page, "Password", PASSWORD, /^Sign in$/);
    await page.getByRole("heading", { name: "Enter your code" }).waitFor();
    await checkScreen(page, "code");
    await submit(page, "Code", recoveryCodes[1] ?? "", /Verify/);
    await page.getByRole("heading", { name: "Inventory" }).waitFor();
    expect(page.url()).toBe(kept.replace("gwp=AR6", "gwp=AR4"));
    expect(await page.getByLabel("GWP values").inputValue()).toBe("AR4");
  });
});

describe("signing out", () => {
  test("clears the session: the cookie is gone and a reload shows sign-in", async () => {
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByText("You are signed out.").waitFor();
    const left = (await opened.watched.context.cookies()).filter(
      (cookie) => cookie.name === COOKIE,
    );
    expect(left).toEqual([]);
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.getByRole("heading", { name: "Inventory" }).count()).toBe(0);
  });
});

describe("refusals in clear words", () => {
  test("a wrong password, then the lock after five", async () => {
    const stranger = `nobody-${Date.now()}@example.com`;
    await page.getByLabel("Work e-mail").fill(stranger);
    await submit(page, "Password", "not the password", /^Sign in$/);
    await page.getByText("The e-mail or password is not correct.").waitFor();
    await checkScreen(page, "sign-in-refused");
    for (let attempt = 2; attempt <= 6; attempt++) {
      await submit(page, "Password", `wrong ${attempt}`, /^Sign in$/);
      await page.getByRole("button", { name: /^Sign in$/ }).waitFor();
    }
    await page.getByText(/Sign-in is paused for \d+ min/).waitFor();
    await checkScreen(page, "sign-in-locked");
  });
});
