// The API stubbed for the unit tests of a screen: each call answered by its path, and every
// URL asked recorded, so a test can say which requests a screen made and in what order.
import { vi } from "vitest";
import type { Me, Role } from "../../src/api/types";

export type Handler = (url: URL) => { status?: number; body: unknown };

/** Answers each call by path (404 for a path without a handler); answers the URLs asked. */
export function serve(handlers: Readonly<Record<string, Handler>>): URL[] {
  const asked: URL[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      const url = new URL(input, "http://app.example");
      asked.push(url);
      const handler = handlers[url.pathname];
      if (!handler) return new Response("{}", { status: 404 });
      const answer = handler(url);
      return new Response(JSON.stringify(answer.body), {
        status: answer.status ?? 200,
        headers: { "Content-Type": "application/json" },
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

/** A signed-in person of `role`. */
export function member(role: Role): Me {
  return {
    user_id: "u-1",
    email: `${role}@acme.example`,
    name: role,
    role,
    status: "active",
    mfa_enabled: true,
    has_password: true,
    tenant_id: "t-1",
    tenant_name: "Acme",
  };
}
