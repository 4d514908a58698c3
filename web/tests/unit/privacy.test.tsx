// A user's privacy actions: erasure only for a disabled user, only once their e-mail is typed,
// and the API's refusal in words beside the row.
import { render } from "preact";
import { afterEach, expect, test, vi } from "vitest";
import type { User } from "../../src/api/types";
import { UserPrivacyActions } from "../../src/components/UserPrivacyActions";
import { setLocale } from "../../src/i18n";

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

const user = (status: User["status"]): User => ({
  user_id: "u-gone",
  email: "gone@acme.example",
  name: "Gone",
  role: "viewer",
  status,
  mfa_enabled: true,
  has_password: true,
});

const labels = (root: HTMLElement): string[] =>
  [...root.querySelectorAll("button")].map((b) => b.textContent ?? "");

test("an active user can be exported but not erased", () => {
  const root = document.createElement("div");
  render(<UserPrivacyActions user={user("active")} onErased={() => undefined} />, root);
  expect(labels(root)).toEqual(["Export personal data"]);
});

test("erasing a disabled user asks for their e-mail and answers the API's refusal", async () => {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${String(input)}`);
      return new Response(JSON.stringify({ message: "Disable the user before erasing them." }), {
        status: 409,
      });
    }),
  );
  const erased = vi.fn();
  const root = document.createElement("div");
  document.body.append(root);
  render(<UserPrivacyActions user={user("disabled")} onErased={erased} />, root);
  const erase = [...root.querySelectorAll("button")].find((b) => b.textContent === "Erase");
  erase?.click();
  await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
  const submit = root.querySelector<HTMLButtonElement>("button[type=submit]");
  expect(submit?.disabled).toBe(true);
  const input = root.querySelector<HTMLInputElement>("input");
  if (input === null) throw new Error("no confirmation field");
  input.value = "Gone@acme.example";
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await vi.waitFor(() => expect(submit?.disabled).toBe(false));
  submit?.click();
  await vi.waitFor(() => expect(root.querySelector("[role=alert]")).not.toBeNull());
  expect(
    calls.some((call) => call.startsWith("POST") && call.includes("/users/u-gone/erase")),
  ).toBe(true);
  expect(erased).not.toHaveBeenCalled();
  root.remove();
});
