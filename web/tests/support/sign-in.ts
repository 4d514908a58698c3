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
