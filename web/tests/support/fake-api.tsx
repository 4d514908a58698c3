// The API as the screens' unit tests answer it: by "METHOD /path" (`api`, bodies recorded) or
// by path (`serve`, the URLs asked recorded, in order); a person of a role; and their typing
// and clicks on a rendered screen.
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

/** An answer by path: JSON unless the body is text (a CSV file), with its own headers. */
export type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

/** Answers each call by path (404 for a path without a handler); answers the URLs asked. */
export function serve(handlers: Readonly<Record<string, (url: URL) => Answer>>): URL[] {
  const asked: URL[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const url = new URL(input, "http://app.example");
      asked.push(url);
      const handler = handlers[url.pathname];
      if (!handler) return new Response("{}", { status: 404 });
      const answer = handler(url);
      const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      return new Response(text, {
        status: answer.status ?? 200,
        headers: { "Content-Type": "application/json", ...answer.headers },
      });
    }),
  );
  return asked;
}

/** The element `selector` finds under `root`, once the screen has rendered it. */
export async function settled(root: HTMLElement, selector: string): Promise<Element> {
  await vi.waitFor(() => {
    if (!root.querySelector(selector)) throw new Error(`no ${selector} yet`);
  });
  return root.querySelector(selector) as Element;
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
