// Steps of a first sign-in the tests take as a person would, on the app's own screens.
import type { Page } from "playwright-core";
import { type Authenticator, totp } from "./totp";

export async function submit(page: Page, label: string, value: string, button: RegExp) {
  await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: button }).click();
}

/** From the authenticator set-up to the dashboard: the key as text, a code from it, past the
 * recovery codes. Answers the key. */
export async function setUpAuthenticator(page: Page): Promise<string> {
  await page.getByRole("heading", { name: "Set up your authenticator" }).waitFor();
  const secret = (await page.locator(".secret").innerText()).replace(/\s/g, "");
  await submit(page, "Code", totp(secret), /Verify/);
  await page.getByRole("heading", { name: "Save your recovery codes" }).waitFor();
  await page.getByRole("button", { name: /I have saved them/ }).click();
  await page.getByRole("heading", { name: "Inventory" }).waitFor();
  return secret;
}

/** A member set up before the test (tests/browser/test_web_app.py hands their TOTP secret and
 * the last step it used, kept by their `Authenticator`) signs in on the screen in front of
 * them: password, then a code; the screen the address asked for (`landing`) then opens. */
export async function signInWithCode(
  page: Page,
  account: { email: string; password: string; app: Authenticator },
  landing: string,
): Promise<void> {
  await page.getByLabel("Work e-mail").fill(account.email);
  await submit(page, "Password", account.password, /^Sign in$/);
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
  await submit(page, "Code", await account.app.code(), /Verify/);
  await page.getByRole("heading", { level: 1, name: landing }).waitFor();
}
