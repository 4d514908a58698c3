// Administration › Integration tokens: the form's limits checked before sending and the API's
// refusals beside their fields, the list's states, the value shown once, revocation after a
// confirmation; and single sign-on's notice when no domain is verified.
import { render } from "preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../../src/api/errors";
import { bearerExample } from "../../src/api/integration-tokens";
import type { IntegrationToken, SsoView, User } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import {
  checkToken,
  IntegrationTokens,
  refusedToken,
  type TokenForm,
  withToken,
} from "../../src/screens/admin/IntegrationTokens";
import { Sso } from "../../src/screens/admin/Sso";

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

const SECRET = `fpt_t-1_0123456789abcdef_${"a".repeat(64)}`;
const DAY = 86_400;

const token = (change: Partial<IntegrationToken>): IntegrationToken => ({
  token_id: "0123456789abcdef",
  name: "ERP export",
  role: "editor",
  state: "active",
  created_by: "u-ann",
  created_at: 1_767_225_600, // 2026-01-01
  expires_at: 1_767_225_600 + 90 * DAY,
  revoked_at: null,
  revoked_by: null,
  last_used_at: null,
  uses: 0,
  ...change,
});

const ANN: User = {
  user_id: "u-ann",
  email: "ann@acme.example",
  name: "Ann Admin",
  role: "admin",
  status: "active",
  mfa_enabled: true,
  has_password: true,
};

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status });

interface Call {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** The API as a table of answers by method and path; every call kept to look at. */
function api(answers: Record<string, (body: unknown) => Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const path = new URL(url, "http://app.example").pathname;
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
      calls.push({ method, path, body });
      const answer = answers[`${method} ${path}`];
      return answer ? answer(body) : json({ error: { code: "not_found", message: "x" } }, 404);
    }),
  );
  return calls;
}

function type(root: Element, name: string, value: string): void {
  const input = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event(input.tagName === "SELECT" ? "change" : "input"));
}

/** Submits once what was typed has rendered, as between a person's keystrokes and click. */
async function submit(root: Element): Promise<void> {
  await new Promise((settled) => setTimeout(settled, 0));
  root.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
}

/** The error text tied to a field (by aria-describedby), or null when it has none. */
function errorOf(root: Element, name: string): string | null {
  const input = root.querySelector(`[name="${name}"]`)!;
  if (input.getAttribute("aria-invalid") !== "true") return null;
  const ids = (input.getAttribute("aria-describedby") ?? "").split(" ");
  const error = ids.find((id) => id.endsWith("-error"));
  return error ? (root.ownerDocument.getElementById(error)?.textContent ?? null) : null;
}

const row = (root: Element, name: string): Element =>
  root.querySelector(`tr[data-token-name="${name}"]`)!;
const buttons = (element: Element): string[] =>
  [...element.querySelectorAll("button")].map((b) => b.textContent ?? "");

function mount(): HTMLElement {
  const root = document.createElement("div");
  document.body.replaceChildren(root); // ids looked up through the document
  render(<IntegrationTokens />, root);
  return root;
}

describe("the form's checks", () => {
  const form = (change: Partial<TokenForm>): TokenForm => ({
    name: "ERP export",
    role: "viewer",
    expires_in_days: "90",
    ...change,
  });

  test("a good form makes the request, the name trimmed and the days a number", () => {
    expect(checkToken(form({ name: "  ERP export ", expires_in_days: "365" }))).toEqual({
      request: { name: "ERP export", role: "viewer", expires_in_days: 365 },
    });
    expect(checkToken(form({ expires_in_days: "1" }))).toHaveProperty("request");
  });

  test("each limit of the API is named on its field, in either language", () => {
    const problems = (change: Partial<TokenForm>): Record<string, string> => {
      const checked = checkToken(form(change));
      if (!("problems" in checked)) return {};
      return Object.fromEntries(Object.entries(checked.problems).map(([k, say]) => [k, say()]));
    };
    for (const days of ["0", "366", "1.5", "", "ninety"]) {
      expect(problems({ expires_in_days: days }), days).toEqual({
        expires_in_days: "Enter a whole number of days from 1 to 365.",
      });
    }
    expect(Object.keys(problems({ name: "   " }))).toEqual(["name"]);
    expect(Object.keys(problems({ name: "x".repeat(101) }))).toEqual(["name"]);
    expect(Object.keys(problems({ name: "x".repeat(100) }))).toEqual([]);
    expect(Object.keys(problems({ role: "admin" as TokenForm["role"] }))).toEqual(["role"]);
    setLocale("ja");
    expect(problems({ expires_in_days: "0" })["expires_in_days"]).toMatch(/1 から 365/);
  });

  test("the API's refusal of a field lands on it; a refusal naming none, on no field", () => {
    const refused = new ApiError(400, "invalid_input", "The request is not valid.", {
      errors: [
        { field: "expires_in_days", location: "body", message: "less than or equal to 365" },
        { field: "name", location: "body", message: "too long" },
      ],
    });
    expect(Object.keys(refusedToken(refused)).sort()).toEqual(["expires_in_days", "name"]);
    expect(refusedToken(new ApiError(409, "conflict", "not configured"))).toEqual({});
    expect(refusedToken(new Error("boom"))).toEqual({});
  });

  test("a token made or revoked takes its place in the list, newest first", () => {
    const older = token({ token_id: "a".repeat(16), name: "Old" });
    const newer = token({ token_id: "b".repeat(16), name: "New" });
    expect(withToken([older], newer).map((t) => t.name)).toEqual(["New", "Old"]);
    const revoked = { ...older, state: "revoked" as const };
    expect(withToken([newer, older], revoked)).toEqual([newer, revoked]);
  });

  test("the example reads the token from the environment and calls a route a viewer may", () => {
    const example = bearerExample("https://app.example");
    expect(example).toContain('-H "Authorization: Bearer $FOOTPRINT_TOKEN"');
    expect(example).toContain('"https://app.example/v1/emissions/summary?');
  });
});

describe("the screen", () => {
  test("each state in words, who made it by name, 'never' until used; Revoke only on active ones", async () => {
    api({
      "GET /v1/tenant/tokens": () =>
        json({
          tokens: [
            token({
              token_id: "1".repeat(16),
              name: "Nightly",
              last_used_at: 1_767_300_000,
              uses: 12,
            }),
            token({ token_id: "2".repeat(16), name: "Old ERP", state: "expired", role: "viewer" }),
            token({
              token_id: "3".repeat(16),
              name: "Leaked",
              state: "revoked",
              revoked_at: 1_767_400_000,
              revoked_by: "u-ann",
              created_by: "u-gone",
            }),
          ],
        }),
      "GET /v1/users": () => json({ users: [ANN] }),
    });
    const root = mount();
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(3));
    await vi.waitFor(() => expect(row(root, "Nightly").textContent).toContain("by Ann Admin"));
    const state = (name: string): string | null =>
      row(root, name).querySelector("[data-state]")!.textContent;
    expect([state("Nightly"), state("Old ERP"), state("Leaked")]).toEqual([
      "Active",
      "Expired",
      "Revoked",
    ]);
    const lastUsed = (name: string): string =>
      row(root, name).querySelector("[data-testid=last-used]")!.textContent ?? "";
    expect(lastUsed("Nightly")).toMatch(/2026.*Requests: 12/);
    expect(lastUsed("Old ERP")).toBe("Never");
    expect(row(root, "Old ERP").textContent).toContain("Viewer");
    expect(row(root, "Leaked").textContent).toContain("by u-gone"); // no longer a user
    expect(row(root, "Leaked").textContent).toMatch(/Revoked.*, by Ann Admin/);
    expect(buttons(row(root, "Nightly"))).toEqual(["Revoke"]);
    expect(buttons(row(root, "Old ERP"))).toEqual([]);
    expect(buttons(row(root, "Leaked"))).toEqual([]);
  });

  test("the value is shown once, with how to send it, then gone; the list holds no value", async () => {
    const calls = api({
      "GET /v1/tenant/tokens": () => json({ tokens: [] }),
      "GET /v1/users": () => json({ users: [ANN] }),
      "POST /v1/tenant/tokens": (body) =>
        json(
          {
            token: token({ name: (body as { name: string }).name, role: "viewer" }),
            secret: SECRET,
          },
          201,
        ),
    });
    const root = mount();
    await vi.waitFor(() => expect(root.textContent).toContain("No tokens yet."));
    type(root, "name", "Nightly script");
    type(root, "role", "viewer");
    type(root, "expires_in_days", "30");
    await submit(root);
    const shown = await vi.waitFor(() => {
      const element = root.querySelector("[data-testid=new-token]");
      expect(element).not.toBeNull();
      return element!;
    });
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({
      name: "Nightly script",
      role: "viewer",
      expires_in_days: 30,
    });
    expect(shown.querySelector<HTMLInputElement>("input[readonly]")?.value).toBe(SECRET);
    expect(shown.textContent).toContain("you will not see it again");
    expect(shown.querySelector("pre")?.textContent).toContain("Authorization: Bearer");
    expect(buttons(shown)).toEqual(["Copy", "I have stored it"]);
    // The list now has the token, and nowhere but the one field holds its value.
    expect(row(root, "Nightly script")).not.toBeNull();
    expect(root.innerHTML).not.toContain(SECRET); // no text, no attribute
    const holding = [...root.querySelectorAll("input")].filter((i) => i.value === SECRET);
    expect(holding).toHaveLength(1);
    // The form is blank again, ready for another.
    expect(root.querySelector<HTMLInputElement>('[name="name"]')?.value).toBe("");

    [...shown.querySelectorAll("button")]
      .find((b) => b.textContent === "I have stored it")!
      .click();
    await vi.waitFor(() => expect(root.querySelector("[data-testid=new-token]")).toBeNull());
    expect([...root.querySelectorAll("input")].some((i) => i.value === SECRET)).toBe(false);
  });

  test("days out of range are named beside the field, and nothing is sent", async () => {
    const calls = api({
      "GET /v1/tenant/tokens": () => json({ tokens: [] }),
      "GET /v1/users": () => json({ users: [] }),
    });
    const root = mount();
    await vi.waitFor(() => expect(root.textContent).toContain("No tokens yet."));
    type(root, "name", "ERP");
    type(root, "expires_in_days", "400");
    await submit(root);
    await vi.waitFor(() =>
      expect(errorOf(root, "expires_in_days")).toBe("Enter a whole number of days from 1 to 365."),
    );
    expect(errorOf(root, "name")).toBeNull();
    expect(calls.filter((call) => call.method === "POST")).toEqual([]);
  });

  test("the API's refusal of a field shows beside it; one of no field, above the form", async () => {
    let answer = json(
      {
        error: {
          code: "invalid_input",
          message: "The request is not valid.",
          details: { errors: [{ field: "name", location: "body", message: "too short" }] },
        },
      },
      400,
    );
    api({
      "GET /v1/tenant/tokens": () => json({ tokens: [] }),
      "GET /v1/users": () => json({ users: [] }),
      "POST /v1/tenant/tokens": () => answer,
    });
    const root = mount();
    await vi.waitFor(() => expect(root.textContent).toContain("No tokens yet."));
    type(root, "name", "ERP");
    await submit(root);
    await vi.waitFor(() =>
      expect(errorOf(root, "name")).toBe("Enter a name of 1 to 100 characters."),
    );
    expect(root.querySelector("form [role=alert]")).toBeNull();

    answer = json(
      { error: { code: "conflict", message: "Integration tokens are not configured." } },
      409,
    );
    type(root, "name", "ERP");
    await submit(root);
    await vi.waitFor(() =>
      expect(root.querySelector("form [role=alert]")?.textContent).toContain("not configured"),
    );
    expect(errorOf(root, "name")).toBeNull();
  });

  test("Revoke asks first; once confirmed, the row says Revoked and offers nothing", async () => {
    const active = token({ name: "Nightly" });
    const calls = api({
      "GET /v1/tenant/tokens": () => json({ tokens: [active] }),
      "GET /v1/users": () => json({ users: [ANN] }),
      [`POST /v1/tenant/tokens/${active.token_id}/revoke`]: () =>
        json({ ...active, state: "revoked", revoked_at: 1_767_400_000, revoked_by: "u-ann" }),
    });
    const root = mount();
    await vi.waitFor(() => expect(row(root, "Nightly")).not.toBeNull());
    row(root, "Nightly").querySelector("button")!.click();
    await vi.waitFor(() =>
      expect(row(root, "Nightly").querySelector("[role=group]")).not.toBeNull(),
    );
    expect(row(root, "Nightly").textContent).toContain("Revoke Nightly?");
    expect(buttons(row(root, "Nightly"))).toEqual(["Revoke", "Keep"]);
    expect(calls.filter((call) => call.method === "POST")).toEqual([]);
    row(root, "Nightly").querySelector<HTMLButtonElement>(".button-danger")!.click();
    await vi.waitFor(() =>
      expect(row(root, "Nightly").querySelector("[data-state]")?.textContent).toBe("Revoked"),
    );
    expect(buttons(row(root, "Nightly"))).toEqual([]);
    expect(calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
      `/v1/tenant/tokens/${active.token_id}/revoke`,
    ]);
  });
});

describe("single sign-on without a verified domain", () => {
  const view = (warnings: SsoView["warnings"]): SsoView => ({
    configured: true,
    settings: null,
    service_provider: {
      entity_id: "https://app.example/v1/auth/saml/t-1/metadata",
      acs_url: "https://app.example/v1/auth/saml/t-1/acs",
      metadata_url: "https://app.example/v1/auth/saml/t-1/metadata",
      login_url: "https://app.example/sso/t-1",
    },
    identity_provider: null,
    warnings,
  });

  test("the warning says what the IdP may do, and links to Domains; no warning, no notice", async () => {
    api({ "GET /v1/tenant/sso": () => json(view(["no_verified_domain"])) });
    const root = document.createElement("div");
    render(<Sso />, root);
    const notice = await vi.waitFor(() => {
      const element = root.querySelector("[data-testid=sso-no-verified-domain]");
      expect(element).not.toBeNull();
      return element!;
    });
    expect(notice.textContent).toMatch(/verified no domain.*may sign in any address/);
    expect(notice.querySelector("a")?.getAttribute("href")).toBe("/admin/domains");
    setLocale("ja");
    render(<Sso />, root);
    await vi.waitFor(() =>
      expect(root.querySelector("[data-testid=sso-no-verified-domain]")?.textContent).toMatch(
        /ドメインを検証していません/,
      ),
    );

    setLocale("en");
    api({ "GET /v1/tenant/sso": () => json(view([])) });
    const other = document.createElement("div");
    render(<Sso />, other);
    await vi.waitFor(() => expect(other.querySelector("input[readonly]")).not.toBeNull());
    expect(other.querySelector("[data-testid=sso-no-verified-domain]")).toBeNull();
  });
});
