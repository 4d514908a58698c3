// Steps of a first sign-in the tests take as a person would, on the app's own screens.
import type { Page } from "playwright-core";
import { totp } from "./totp";

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
 * the last step it used) signs in on the screen in front of them: password, then a code. */
export async function signInWithCode(
  page: Page,
  account: { email: string; password: string; secret: string; lastStep: number },
): Promise<void> {
  await page.getByLabel("Work e-mail").fill(account.email);
  await submit(page, "Password", account.password, /^Sign in$/);
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
  // Each code is good once: one of a step after the set-up's (the API allows the next).
  const step = Math.max(Math.floor(Date.now() / 30_000), account.lastStep + 1);
  await submit(page, "Code", totp(account.secret, step * 30_000), /Verify/);
}
