// Integration tokens in the browser: a tenant's admin (tests/browser/test_web_app.py makes the
// tenant) makes a viewer token and sees its value once; a machine client (this test, over
// plain HTTP) reads the emissions summary with it; the list then shows when it was last used;
// once the admin revokes it, the same call is refused. The same admin is then refused an
// invitation into a domain another organisation has verified, in words beside the address.
import { describe, expect, test } from "vitest";
import { baseUrl, checkScreen, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { signInWithCode } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const EMAIL = required("FOOTPRINT_TOKENS_ADMIN_EMAIL");
const ADMIN_APP = new Authenticator(
  required("FOOTPRINT_TOKENS_ADMIN_TOTP_SECRET"),
  Number(required("FOOTPRINT_TOKENS_ADMIN_TOTP_STEP")),
);
const PASSWORD = required("FOOTPRINT_MEMBER_PASSWORD");
const HELD_DOMAIN = required("FOOTPRINT_HELD_DOMAIN");
const NAME = "Nightly ERP export";

const opened = pageForTests();
let token = "";

/** What a machine client gets for the year's summary with the token: the answer's status. */
async function readWithToken(): Promise<number> {
  const answer = await fetch(`${baseUrl()}/v1/emissions/summary?from=2025-01&to=2025-12`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return answer.status;
}

const row = () => opened.page.locator(`tr[data-token-name="${NAME}"]`);

describe("integration tokens", () => {
  test("the admin opens Integration tokens; days out of range are refused beside the field", async () => {
    const page = opened.page;
    await page.goto("/admin/tokens");
    await signInWithCode(
      page,
      { email: EMAIL, password: PASSWORD, app: ADMIN_APP },
      "Integration tokens",
    );
    await page.getByText("No tokens yet.").waitFor();
    // Administration's menu offers the section to an admin.
    await page
      .getByRole("navigation", { name: "Administration sections" })
      .getByRole("link", { name: "Integration tokens" })
      .waitFor();

    await page.getByLabel("Name", { exact: true }).fill(NAME);
    await page.getByLabel("Expires in (days)").fill("400");
    await page.getByRole("button", { name: "Make token" }).click();
    await page.getByText("Enter a whole number of days from 1 to 365.").waitFor();
    expect(await page.getByLabel("Expires in (days)").getAttribute("aria-invalid")).toBe("true");
    await checkScreen(page, "admin-tokens-refused");
  });

  test("a viewer token is made: its value shown once, with how to send it", async () => {
    const page = opened.page;
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByLabel("Expires in (days)").fill("30");
    await page.getByRole("button", { name: "Make token" }).click();
    const made = page.locator("[data-testid=new-token]");
    await made.waitFor();
    token = await made.getByLabel("Token", { exact: true }).inputValue();
    expect(token).toMatch(/^fpt_/);
    expect(await made.innerText()).toContain("you will not see it again");
    expect(await made.locator("pre").innerText()).toContain("Authorization: Bearer");
    expect(await row().locator("[data-testid=last-used]").innerText()).toBe("Never");
    expect(await row().locator("[data-state]").innerText()).toBe("Active");
    await checkScreen(page, "admin-tokens-made");
  });

  test("used by a client, the token shows its last use after a reload; the value is gone", async () => {
    const page = opened.page;
    expect(await readWithToken()).toBe(200);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Integration tokens" }).waitFor();
    await row().waitFor();
    const lastUsed = row().locator("[data-testid=last-used]");
    expect(await lastUsed.innerText()).not.toBe("Never");
    expect(await lastUsed.innerText()).toContain("Requests: 1");
    expect(await page.locator("[data-testid=new-token]").count()).toBe(0);
    expect(await page.content()).not.toContain(token);
  });

  test("revoked after a confirmation, the token is refused on its next call", async () => {
    const page = opened.page;
    await row().getByRole("button", { name: "Revoke" }).click();
    const confirm = row().getByRole("group", { name: "Confirm" });
    await confirm.getByText(`Revoke ${NAME}?`).waitFor();
    await checkScreen(page, "admin-tokens-confirm");
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await row().locator("[data-state=revoked]").waitFor();
    expect(await row().getByRole("button").count()).toBe(0);
    expect(await readWithToken()).toBe(401);
    await checkScreen(page, "admin-tokens");
  });

  test("an invitation into another organisation's verified domain is refused beside the e-mail", async () => {
    const page = opened.page;
    await page
      .getByRole("navigation", { name: "Administration sections" })
      .getByRole("link", { name: "Users" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await page.getByLabel("E-mail", { exact: true }).fill(`someone@${HELD_DOMAIN}`);
    await page.getByRole("button", { name: "Create invitation" }).click();
    await page.getByText(/domain is verified by another organisation/).waitFor();
    expect(await page.getByLabel("E-mail", { exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect(await page.locator(`tr[data-user="someone@${HELD_DOMAIN}"]`).count()).toBe(0);
    await checkScreen(page, "admin-users-domain-held");
  });
});
