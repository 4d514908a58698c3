// The API as the inventory and target screens' tests answer it: each "METHOD /path" its own
// answer, every call recorded; and a person's typing and clicks on a rendered screen.
import { type JSX, render } from "preact";
import { vi } from "vitest";
import type { Me } from "../../src/api/types";
import { MeContext } from "../../src/session";

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status });
}

export const NOT_FOUND = (): Response =>
  json({ error: { code: "not_found", message: "Not found." } }, 404);

/** Stubs fetch with `answers`; a call no answer names is a 404. */
export function api(answers: Record<string, (body: unknown) => Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const { pathname, search } = new URL(url, "http://app.example");
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
      calls.push({ method, path: pathname, query: search, body });
      const answer = answers[`${method} ${pathname}`];
      return answer ? answer(body) : NOT_FOUND();
    }),
  );
  return calls;
}

export function me(role: Me["role"]): Me {
  return {
    user_id: "u-me",
    email: "me@acme.example",
    name: "Me",
    role,
    status: "active",
    mfa_enabled: true,
    has_password: true,
    tenant_id: "t-acme",
    tenant_name: "Acme",
  };
}

/** `screen` as a person of `role` sees it; given the `root` it is in, rendered again there
 * (as the app does when the language changes). */
export function renderAs(
  role: Me["role"],
  screen: JSX.Element,
  root: HTMLElement = document.createElement("div"),
): HTMLElement {
  render(<MeContext.Provider value={me(role)}>{screen}</MeContext.Provider>, root);
  return root;
}

export function type(root: Element, name: string, value: string): void {
  const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  if (input === null) throw new Error(`no field ${name}`);
  input.value = value;
  input.dispatchEvent(new Event(input.tagName === "SELECT" ? "change" : "input"));
}

/** Chooses a radio button or ticks a check box, as a click does in a browser. */
export function check(root: Element, selector: string, checked = true): void {
  const input = root.querySelector<HTMLInputElement>(selector);
  if (input === null) throw new Error(`no control ${selector}`);
  input.checked = checked;
  input.dispatchEvent(new Event("change"));
}

export function press(root: Element, label: string): void {
  const button = [...root.querySelectorAll("button")].find((b) => b.textContent === label);
  if (!button) throw new Error(`no button ${label}`);
  button.click();
}

/** Submits once what was typed has rendered, as between a person's keystrokes and click. */
export async function submit(form: Element): Promise<void> {
  await new Promise((settled) => setTimeout(settled, 0));
  form.dispatchEvent(new Event("submit", { cancelable: true }));
}

/** The error text in the field (or group of choices) holding the control named `name`. */
export function errorBeside(root: Element, name: string): string | null {
  const control = root.querySelector(`[name="${name}"]`);
  return control?.closest(".field, .choices")?.querySelector(".field-error")?.textContent ?? null;
}

export function buttons(root: Element): string[] {
  return [...root.querySelectorAll("button")].map((b) => b.textContent ?? "");
}
