// Administration, by a new tenant's admin (tests/browser/test_web_app.py makes the tenant, a
// grant of staff access to it and an identity provider's metadata): users and an invitation
// that its invitee redeems in a browser of their own, the IP allowlist's self-lockout refusal,
// single sign-on (warned while no domain is verified), the audit log filtered, the staff grant
// with its staff member's name, and a domain claimed and verified through the local
// platform's DNS file, which ends the warning.
// The tests run in order, as one admin's afternoon.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { checkScreen, chooseLanguage, pageForTests } from "../support/browser";
import { required } from "../support/environment";
import { setUpAuthenticator, submit } from "../support/sign-in";

const TENANT_ID = required("FOOTPRINT_ADMIN_TENANT_ID");
const EMAIL = required("FOOTPRINT_ADMIN_EMAIL");
const TEMPORARY_PASSWORD = required("FOOTPRINT_ADMIN_PASSWORD");
const STAFF_NAME = required("FOOTPRINT_STAFF_NAME");
const APPROVER = required("FOOTPRINT_STAFF_APPROVER");
const IDP_METADATA_FILE = required("FOOTPRINT_IDP_METADATA_FILE");
const IDP_EMAIL_ATTRIBUTE = required("FOOTPRINT_IDP_EMAIL_ATTRIBUTE");
const IDP_NAME_ATTRIBUTE = required("FOOTPRINT_IDP_NAME_ATTRIBUTE");
const DNS_FILE = required("FOOTPRINT_DNS_FILE");
const INVITEE = "auditor@admin-test.example";
const PASSWORD = "an admin's own passphrase for the browser test";

const opened = pageForTests();
let page: Page;
let invitationLink = "";

beforeAll(() => {
  page = opened.page;
});

async function openSection(name: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Administration sections" })
    .getByRole("link", { name })
    .click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

describe("administration", () => {
  test("the tenant's admin signs in and finds Administration in the menu", async () => {
    await page.goto("/");
    await page.getByLabel("Work e-mail").fill(EMAIL);
    await submit(page, "Password", TEMPORARY_PASSWORD, /^Sign in$/);
    await submit(page, "New password", PASSWORD, /Set password/);
    await setUpAuthenticator(page);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Administration" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
    await checkScreen(page, "admin");
  });

  test("users: an invitation's link is shown; the last admin cannot disable themself", async () => {
    await page.getByRole("link", { name: "Users" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await page.locator(`tr[data-user="${EMAIL}"]`).waitFor();

    await page.getByLabel("E-mail", { exact: true }).fill(INVITEE);
    await page.getByLabel("Role", { exact: true }).selectOption("auditor");
    await page.getByRole("button", { name: "Create invitation" }).click();
    await page.locator("[data-testid=invitation]").waitFor();
    invitationLink = await page.getByLabel("Invitation link").inputValue();
    expect(invitationLink).toMatch(new RegExp(`/invitation#${TENANT_ID}\\.`));
    expect(await page.locator(`tr[data-user="${INVITEE}"] [data-status]`).innerText()).toBe(
      "Invited",
    );
    await checkScreen(page, "admin-users-invited");

    const own = page.locator(`tr[data-user="${EMAIL}"]`);
    await own.getByRole("button", { name: "Disable" }).click();
    await own.getByRole("alert").filter({ hasText: "last admin" }).waitFor();
    await checkScreen(page, "admin-users-refused");
  });

  test("users, in Japanese: a name too long is refused beside it in Japanese, with its limit", async () => {
    await chooseLanguage(page, "ja");
    // The earlier refusal on my own row is reworded too.
    await page
      .locator(`tr[data-user="${EMAIL}"]`)
      .getByText("この組織の最後の管理者です。")
      .waitFor();
    await page.getByLabel("メールアドレス", { exact: true }).fill("long.name@admin-test.example");
    await page.getByLabel("名前（任意）", { exact: true }).fill("名".repeat(201));
    await page.getByRole("button", { name: "招待を作成" }).click();
    const beside = page
      .locator(".field-invalid")
      .filter({ has: page.locator('input[name="name"]') })
      .locator(".field-error");
    await beside.waitFor();
    expect(await beside.innerText()).toBe("200 文字以内で入力してください。");
    expect(await page.locator('tr[data-user="long.name@admin-test.example"]').count()).toBe(0);
    await checkScreen(page, "admin-users-name-refused");
    // checkScreen leaves the page in English: the same refusal, worded in English.
    expect(await beside.innerText()).toBe("Enter at most 200 characters.");
    await page.getByLabel("Name (optional)", { exact: true }).fill("");
  });

  test("the invitee redeems it in a fresh browser: new password, authenticator, dashboard; as an auditor, reads only", async () => {
    const invitee = await opened.open();
    const theirs = invitee.page;
    await theirs.goto(invitationLink);
    await theirs.getByRole("heading", { name: "Accept your invitation" }).waitFor();
    await checkScreen(theirs, "invitation");
    await submit(theirs, "New password", "an invitee's passphrase of their own", /Set password/);
    await setUpAuthenticator(theirs);
    expect(new URL(theirs.url()).pathname).toBe("/");

    // An auditor: the audit log, staff access, access reviews and the organisation's stated
    // uncertainty figures, with no action to take.
    await theirs.getByRole("link", { name: "Administration" }).click();
    await theirs.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
    const sections = theirs.getByRole("navigation", { name: "Administration sections" });
    expect(await theirs.locator(".admin-sections a").allInnerTexts()).toEqual([
      "Audit log",
      "Staff access",
      "Access reviews",
      "Uncertainty figures",
    ]);
    expect(await sections.count()).toBe(0); // the front page lists them instead
    await theirs.getByRole("link", { name: "Staff access" }).click();
    await theirs.getByText(STAFF_NAME).waitFor();
    expect(await theirs.getByRole("button", { name: /Revoke|Approve|Deny/ }).count()).toBe(0);
    expect(await theirs.getByLabel(/admin of ours to approve/).count()).toBe(0);
    await checkScreen(theirs, "admin-staff-access-auditor");
    await theirs.goto("/admin/users");
    await theirs.getByText("Your role does not allow this.").waitFor();
    expect(invitee.cspViolations).toEqual([]);
    await invitee.context.close();

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await expect
      .poll(() => page.locator(`tr[data-user="${INVITEE}"] [data-status]`).innerText())
      .toBe("Active");
  });

  test("IP allowlist: a list without my address is refused and explained, then put right", async () => {
    await openSection("IP allowlist");
    // A use case's refusal read in Japanese: Japanese leads, the server's English follows.
    await chooseLanguage(page, "ja");
    await page.getByLabel("許可するネットワーク").fill("192.0.2.0/24\nnot-a-network");
    await page.getByRole("button", { name: "許可リストを保存" }).click();
    const entry = page.getByText(/^2 行目: この値を確認してください。/);
    await entry.waitFor();
    expect(await entry.innerText()).toContain(
      "サーバーからの説明（英語）: 'not-a-network' is not an IPv4 or IPv6 network",
    );
    await checkScreen(page, "admin-allowlist-entry-refused");

    await page.getByLabel("Allowed networks").fill("192.0.2.0/24");
    await page.getByRole("button", { name: "Save allowlist" }).click();
    await page.getByText(/this list would lock you out/).waitFor();
    expect(await page.getByLabel("Allowed networks").getAttribute("aria-invalid")).toBe("true");
    await checkScreen(page, "admin-allowlist-lockout");

    await page.getByRole("button", { name: /Add my address/ }).click();
    await page.getByRole("button", { name: "Save allowlist" }).click();
    await page.getByText("The allowlist is saved").waitFor();
    const saved = await page.getByLabel("Allowed networks").inputValue();
    expect(saved.split("\n")).toHaveLength(2);
    await page.getByLabel("Allowed networks").fill("");
    await page.getByRole("button", { name: "Save allowlist" }).click();
    await page.getByText("every address is allowed").waitFor();
  });

  test("single sign-on: the URLs for the IdP; metadata refused beside its field, then understood", async () => {
    await openSection("Single sign-on");
    const acs = await page.getByLabel("Assertion consumer service (ACS) URL").inputValue();
    expect(acs).toContain(`/v1/auth/saml/${TENANT_ID}/acs`);
    expect(await page.getByLabel("Service provider metadata URL").inputValue()).toContain(
      `/v1/auth/saml/${TENANT_ID}/metadata`,
    );

    await page.getByLabel("Identity provider metadata").fill("<not-metadata/>");
    await page.getByRole("button", { name: "Save single sign-on" }).click();
    await page.locator(".field-invalid .field-error").waitFor();
    await checkScreen(page, "admin-sso-refused");

    await page.getByLabel("Metadata file (XML)").setInputFiles(IDP_METADATA_FILE);
    await expect
      .poll(() => page.getByLabel("Identity provider metadata").inputValue())
      .toContain("IDPSSODescriptor");
    await page.getByLabel("E-mail attribute").fill(IDP_EMAIL_ATTRIBUTE);
    await page.getByLabel("Name attribute").fill(IDP_NAME_ATTRIBUTE);
    await page.getByRole("button", { name: "Save single sign-on" }).click();
    await page.getByText("Single sign-on is saved.").waitFor();
    const understood = page.locator("[data-testid=identity-provider]");
    expect(await understood.innerText()).toContain(`https://${TENANT_ID}.idp.example/saml`);
    // No domain is verified yet: the IdP may sign in any address, and the screen says so.
    await page.getByText(/verified no domain yet/).waitFor();
    await checkScreen(page, "admin-sso");
  });

  test("audit log: filtered by an action family, kept in the address", async () => {
    await openSection("Audit log");
    await page.locator("table tbody tr").first().waitFor();
    await page.getByLabel("Action", { exact: true }).fill("user.");
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("action")).toBe("user.");
    await expect
      .poll(async () => {
        const actions = await page.locator("table tbody tr td:nth-child(2)").allInnerTexts();
        return actions.length > 0 && actions.every((action) => action.startsWith("user."));
      })
      .toBe(true);
    await checkScreen(page, "admin-audit");
  });

  test("staff access: the staff member's name on the approved grant, its activity, revoked", async () => {
    await openSection("Staff access");
    const grant = page.locator("[data-state=approved]").filter({ hasText: STAFF_NAME });
    await grant.waitFor();
    expect(await grant.innerText()).toContain(APPROVER);
    expect(await grant.locator("[data-testid=requests-made]").innerText()).toBe("1");
    await grant.getByRole("button", { name: "Show activity" }).click();
    await grant.getByText("GET /v1/emissions/summary").waitFor();
    await checkScreen(page, "admin-staff-access");
    await grant.getByRole("button", { name: "Revoke now" }).click();
    await page.locator("[data-state=revoked]").filter({ hasText: STAFF_NAME }).waitFor();
  });

  test("domains: claimed, refused until its TXT record is published, then verified", async () => {
    await openSection("Domains");
    await page.getByLabel("Domain", { exact: true }).fill("Admin-Test.example");
    await page.getByRole("button", { name: "Claim domain" }).click();
    const item = page.locator('[data-domain="admin-test.example"]');
    await item.waitFor();
    const name = await item.getByLabel("TXT record name").inputValue();
    const value = await item.getByLabel("TXT record value").inputValue();
    expect(name).toBe("_footprint.admin-test.example");
    expect(value).toMatch(/^footprint-verification=/);
    await item.getByRole("button", { name: "Verify" }).click();
    await item.getByText("The TXT record was not found.").waitFor();
    await checkScreen(page, "admin-domains-pending");

    // Published in the local platform's DNS, as a DNS provider would.
    const records = existsSync(DNS_FILE)
      ? (JSON.parse(readFileSync(DNS_FILE, "utf-8")) as Record<string, string[]>)
      : {};
    writeFileSync(DNS_FILE, JSON.stringify({ ...records, [name]: [value] }));
    await item.getByRole("button", { name: "Verify" }).click();
    await item.getByText(/^Verified on /).waitFor();
    expect(await item.getByRole("button", { name: "Verify" }).count()).toBe(0);
    await checkScreen(page, "admin-domains");

    // With a domain verified, single sign-on no longer warns.
    await openSection("Single sign-on");
    await page.locator("[data-testid=identity-provider]").waitFor();
    expect(await page.getByText(/verified no domain yet/).count()).toBe(0);
  });
});
