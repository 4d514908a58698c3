// Single sign-on both ways, at the tests' SAML IdP (tests/support/saml_idp_server.py), whose
// tenants tests/browser/test_web_app.py sets up: one IdP takes requests by HTTP-Redirect, the
// other only by HTTP-POST (the app submits that form itself, under its CSP). Each person
// lands signed in on the page they wanted, with the refresh token in the HttpOnly cookie and
// no code left in the address.
import { describe, expect, test } from "vitest";
import { browserForTests, checkScreen, type WatchedPage } from "../support/browser";
import { required } from "../support/environment";

const IDP = required("FOOTPRINT_IDP_URL");
const COOKIE = "__Secure-fp_refresh";
const WANTED = "/?from=sso";

function tenant(binding: "REDIRECT" | "POST"): { id: string; email: string } {
  return {
    id: required(`FOOTPRINT_SSO_${binding}_TENANT`),
    email: required(`FOOTPRINT_SSO_${binding}_EMAIL`),
  };
}

const opened = browserForTests();

/** A browser of the person's own, which trusts the IdP's self-signed certificate. */
function fresh(): Promise<WatchedPage> {
  return opened.open("en-GB", { trustAnyCertificate: true });
}

/** Signed in, on `path`, the session's refresh token in its cookie and no code in sight. */
async function expectSignedIn(watched: WatchedPage, email: string, path: string): Promise<void> {
  const { page, context } = watched;
  await page.getByRole("heading", { name: "Inventory" }).waitFor();
  await page.getByText(`Signed in as ${email}`).waitFor();
  const url = new URL(page.url());
  expect(url.pathname + url.search).toBe(path);
  expect(url.hash).toBe("");
  const cookies = await context.cookies();
  expect(cookies.find((cookie) => cookie.name === COOKIE)?.httpOnly).toBe(true);
  expect(watched.cspViolations).toEqual([]);
}

/** From the sign-in screen: Sign in with SSO, the organisation's ID, then the IdP's page. */
async function signInWithSso(watched: WatchedPage, organisation: string): Promise<void> {
  const { page } = watched;
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await page.getByLabel("Organisation ID").fill(organisation);
  await page.getByRole("button", { name: "Continue to your identity provider" }).click();
  await page.waitForURL((url) => url.href.startsWith(IDP));
  await page.getByRole("button", { name: /^Continue as / }).click();
}

describe("single sign-on", () => {
  test("started at the IdP: the app exchanges the ACS's one-time code", async () => {
    const watched = await fresh();
    const { email } = tenant("REDIRECT");
    await watched.page.goto(`${IDP}/redirect/start?relay_state=${encodeURIComponent(WANTED)}`);
    await watched.page.getByRole("button", { name: `Continue as ${email}` }).click();
    await expectSignedIn(watched, email, WANTED);
    // A reload resumes from the cookie: the code was used once and is gone.
    await watched.page.reload();
    await expectSignedIn(watched, email, WANTED);
  });

  test("started here, with an IdP that takes redirects; an unknown ID is said so", async () => {
    const watched = await fresh();
    const { page } = watched;
    const { id, email } = tenant("REDIRECT");
    await page.goto(WANTED);
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await page.getByRole("heading", { name: "Sign in with single sign-on" }).waitFor();
    await checkScreen(page, "sign-in-sso");

    await page.getByLabel("Organisation ID").fill("t-no-such-organisation");
    await page.getByRole("button", { name: "Continue to your identity provider" }).click();
    await page.locator(".field-error").waitFor();
    expect(await page.getByLabel("Organisation ID").getAttribute("aria-invalid")).toBe("true");
    await checkScreen(page, "sign-in-sso-unknown");

    await page.getByRole("button", { name: "Sign in with a password instead" }).click();
    await signInWithSso(watched, id);
    await expectSignedIn(watched, email, WANTED);
  });

  test("started here, with an IdP that takes posts only: the app submits the form", async () => {
    const watched = await fresh();
    const { id, email } = tenant("POST");
    await watched.page.goto(WANTED);
    await signInWithSso(watched, id);
    await expectSignedIn(watched, email, WANTED);
  });

  test("a refusal from the ACS is told in words on the sign-in screen", async () => {
    const watched = await fresh();
    const { page } = watched;
    await page.goto("/#sso_error=forbidden");
    await page
      .getByRole("alert")
      .getByText(/cannot use this organisation/)
      .waitFor();
    expect(new URL(page.url()).hash).toBe("");
    await checkScreen(page, "sign-in-sso-refused");
    expect(watched.cspViolations).toEqual([]);
  });
});
