// The staff console at /staff, with three members of staff the operator just created (see
// tests/browser/test_web_app.py), each in a browser context of their own: an engineer signs in
// from scratch and asks for access to the new tenant; a lead signs in, approves one request
// with a code from their authenticator and denies another, and cannot approve their own; the
// engineer sees the grant and revokes it; security reads every grant, approves nothing. The
// tests run in order, as one morning of the staff's.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { browserForTests, checkScreen, type WatchedPage } from "../support/browser";
import { required } from "../support/environment";
import { submit } from "../support/sign-in";
import { Authenticator } from "../support/totp";

const TENANT_ID = required("FOOTPRINT_NEW_TENANT_ID");
const PASSWORD = "a staff passphrase for the browser test";
const STAFF_COOKIE = "__Secure-fp_staff_refresh";
const TENANT_COOKIE = "__Secure-fp_refresh";

interface Person {
  readonly role: string;
  readonly email: string;
  readonly watched: WatchedPage;
  readonly page: Page;
  authenticator?: Authenticator;
}

const opened = browserForTests();

async function person(role: "engineer" | "lead" | "security"): Promise<Person> {
  const watched = await opened.open();
  return {
    role,
    email: required(`FOOTPRINT_STAFF_${role.toUpperCase()}_EMAIL`),
    watched,
    page: watched.page,
  };
}

let engineer: Person;
let lead: Person;
let security: Person;

beforeAll(async () => {
  engineer = await person("engineer");
  lead = await person("lead");
  security = await person("security");
});

/** The first sign-in of a member of staff: temporary password, new password, authenticator
 * set up from the secret shown, recovery codes; ends on their access requests. */
async function signInFromScratch(someone: Person, screenshots: boolean): Promise<void> {
  const { page } = someone;
  await page.goto("/staff");
  await page.getByRole("heading", { name: "Staff sign-in" }).waitFor();
  if (screenshots) await checkScreen(page, "staff-sign-in");
  await page.getByLabel("Work e-mail").fill(someone.email);
  const temporary = required(`FOOTPRINT_STAFF_${someone.role.toUpperCase()}_PASSWORD`);
  await submit(page, "Password", temporary, /^Sign in$/);
  await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await submit(page, "New password", PASSWORD, /Set password/);
  await page.getByRole("heading", { name: "Set up your authenticator" }).waitFor();
  const secret = (await page.locator(".secret").innerText()).replace(/\s/g, "");
  someone.authenticator = new Authenticator(secret);
  if (screenshots) await checkScreen(page, "staff-authenticator-set-up");
  await submit(page, "Code", await someone.authenticator.code(), /Verify/);
  await page.getByRole("heading", { name: "Save your recovery codes" }).waitFor();
  await page.getByRole("button", { name: /I have saved them/ }).click();
  await page.getByRole("heading", { name: "Access requests", level: 1 }).waitFor();
}

async function menu(page: Page): Promise<string[]> {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
}

async function ask(
  page: Page,
  request: {
    tenant: string;
    scope?: "read" | "write";
    reason: string;
    ticket: string;
    minutes: string;
  },
): Promise<void> {
  await page.getByLabel("Tenant id").fill(request.tenant);
  await page.getByLabel("Scope").selectOption(request.scope ?? "read");
  await page.getByLabel("Reason", { exact: true }).fill(request.reason);
  await page.getByLabel("Ticket").fill(request.ticket);
  await page.getByLabel("Duration in minutes").fill(request.minutes);
  await page.getByRole("button", { name: "Ask for access" }).click();
}

function row(page: Page, ticket: string) {
  return page.getByRole("row").filter({ hasText: ticket });
}

describe("an engineer", () => {
  test("signs in to the console from scratch, with a session of the staff realm only", async () => {
    await signInFromScratch(engineer, true);
    expect(await menu(engineer.page)).toEqual(["Access requests"]);
    await engineer.page.locator(".empty").waitFor();
    await checkScreen(engineer.page, "staff-requests-empty");

    const cookies = await engineer.watched.context.cookies();
    expect(cookies.filter((c) => c.name === TENANT_COOKIE)).toEqual([]);
    const staff = cookies.filter((c) => c.name === STAFF_COOKIE);
    expect(staff.map((c) => c.path).sort()).toEqual([
      "/v1/staff/auth/logout",
      "/v1/staff/auth/refresh",
    ]);
    for (const cookie of staff) {
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict" });
    }
    // The app is another realm: no session there; back in the console, the cookie resumes.
    await engineer.page.goto("/");
    await engineer.page.getByRole("heading", { name: "Sign in", exact: true }).waitFor();
    await engineer.page.goto("/staff");
    await engineer.page.getByRole("heading", { name: "Access requests", level: 1 }).waitFor();
  });

  test("is told beside each field what to fix, in words", async () => {
    const { page } = engineer;
    await page.getByLabel("Duration in minutes").fill("241");
    await page.getByRole("button", { name: "Ask for access" }).click();
    await page.getByText("Enter a whole number of minutes from 1 to 240.").waitFor();
    expect(await page.getByLabel("Reason", { exact: true }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect(await page.locator(".field-error").count()).toBe(4); // tenant, reason, ticket, duration

    await ask(page, { tenant: "t-nosuchtenant0000", reason: "x", ticket: "x", minutes: "30" });
    await page.getByText("No active tenant has this id.").waitFor();
    expect(await page.getByLabel("Tenant id").getAttribute("aria-invalid")).toBe("true");
    await checkScreen(page, "staff-request-refused");
  });

  test("asks for access twice; both wait for a lead", async () => {
    const { page } = engineer;
    const reason = "Totals look wrong after the upload";
    await ask(page, { tenant: TENANT_ID, reason, ticket: "SUP-101", minutes: "30" });
    await page.getByText(`Your request for ${TENANT_ID} is waiting`).waitFor();
    await ask(page, {
      tenant: TENANT_ID,
      scope: "write",
      reason: "Fix a mapping",
      ticket: "SUP-102",
      minutes: "240",
    });
    await row(page, "SUP-102").waitFor();
    for (const ticket of ["SUP-101", "SUP-102"]) {
      expect(await row(page, ticket).locator("[data-state]").getAttribute("data-state")).toBe(
        "pending",
      );
    }
    await checkScreen(page, "staff-requests");
  });
});

describe("a lead", () => {
  test("signs in in another browser, asks for access, and sees the approvals", async () => {
    await signInFromScratch(lead, false);
    expect(await menu(lead.page)).toEqual(["Access requests", "Approvals", "Every grant"]);
    await ask(lead.page, { tenant: TENANT_ID, reason: "Own look", ticket: "OPS-7", minutes: "15" });
    await row(lead.page, "OPS-7").waitFor();
    await lead.page.getByRole("link", { name: "Approvals" }).click();
    await lead.page.getByRole("heading", { name: "Approvals" }).waitFor();
    await row(lead.page, "SUP-101").waitFor();
    await checkScreen(lead.page, "staff-approvals");
  });

  test("cannot approve their own request: the two-person rule, in words", async () => {
    const own = row(lead.page, "OPS-7");
    await own.getByText("another lead approves it (two-person rule)").waitFor();
    expect(await own.getByRole("button").count()).toBe(0);
    expect(await own.getByRole("textbox").count()).toBe(0);
  });

  test("a wrong code is refused beside the code field", async () => {
    const request = row(lead.page, "SUP-101");
    await request.getByLabel("Your code").fill("000000");
    await request.getByRole("button", { name: "Approve" }).click();
    await request.getByText("That code was not accepted.").waitFor();
    expect(await request.getByLabel("Your code").getAttribute("aria-invalid")).toBe("true");
    await checkScreen(lead.page, "staff-approval-refused");
  });

  test("approves one request with a fresh code and denies the other with a reason", async () => {
    const code = await lead.authenticator?.code();
    const first = row(lead.page, "SUP-101");
    await first.getByLabel("Your code").fill(code ?? "");
    await first.getByRole("button", { name: "Approve" }).click();
    await lead.page.getByText("You approved Browser Engineer's request").waitFor();
    await row(lead.page, "SUP-101").waitFor({ state: "detached" });

    const second = row(lead.page, "SUP-102");
    await second.getByLabel("Reason to deny").fill("Read access is enough");
    await second.getByRole("button", { name: "Deny" }).click();
    await lead.page.getByText("You denied Browser Engineer's request").waitFor();
    await row(lead.page, "SUP-102").waitFor({ state: "detached" });
  });
});

describe("the engineer again", () => {
  test("sees the grant approved and the other denied, then revokes the grant", async () => {
    const { page } = engineer;
    await page.reload();
    const granted = row(page, "SUP-101");
    await granted.getByText(/Approved by Browser Lead; ends/).waitFor();
    await row(page, "SUP-102").getByText("Denied by Browser Lead: Read access is enough").waitFor();
    expect(await row(page, "SUP-102").getByRole("button").count()).toBe(0);
    await checkScreen(page, "staff-requests-decided");

    await granted.getByRole("button", { name: "Revoke" }).click();
    await granted.getByText("Revoked by Browser Engineer").waitFor();
    expect(await granted.locator("[data-state]").getAttribute("data-state")).toBe("revoked");
  });
});

describe("security", () => {
  test("reads every grant, approves nothing, and may revoke", async () => {
    const { page } = security;
    await signInFromScratch(security, false);
    expect(await menu(page)).toEqual(["Access requests", "Every grant", "Access reviews"]);
    await page.goto("/staff/approvals");
    await page.getByRole("heading", { name: "Your staff role does not open this page." }).waitFor();
    await checkScreen(page, "staff-not-for-role");

    await page.getByRole("link", { name: "Every grant" }).click();
    await page.getByRole("heading", { name: "Every grant", level: 1 }).waitFor();
    for (const ticket of ["SUP-101", "SUP-102", "OPS-7"]) await row(page, ticket).waitFor();
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await row(page, "SUP-101").getByText("Browser Engineer (engineer)").count()).toBe(1);
    await checkScreen(page, "staff-grants");

    const leads = row(page, "OPS-7");
    await leads.getByRole("button", { name: "Revoke" }).click();
    await leads.getByText("Revoked by Browser Security").waitFor();
  });
});

describe("signing out of the console", () => {
  test("ends the staff session and clears its cookie", async () => {
    const { page, watched } = engineer;
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByText("You are signed out.").waitFor();
    const left = (await watched.context.cookies()).filter((c) => c.name === STAFF_COOKIE);
    expect(left).toEqual([]);
    await page.reload();
    await page.getByRole("heading", { name: "Staff sign-in" }).waitFor();
  });
});
