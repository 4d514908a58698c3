// Administration: who sees which section, the API's refusals in words and in place, the
// audit filter's days, and which actions a user row and a staff grant offer.
import { type JSX, render } from "preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { sectionsFor } from "../../src/admin-sections";
import { ApiError } from "../../src/api/errors";
import type { AccessReviewDetail, Me, StaffAccess, User } from "../../src/api/types";
import { invitationLink } from "../../src/api/users";
import { setLocale } from "../../src/i18n";
import { mayOpen, screenFor } from "../../src/routes";
import { AccessReview } from "../../src/screens/admin/AccessReview";
import { AdminHome } from "../../src/screens/admin/AdminHome";
import { allowlistProblem, hostNetwork, networksOf } from "../../src/screens/admin/Allowlist";
import { filterOf, queryOf } from "../../src/screens/admin/AuditLog";
import { IntegrationTokens } from "../../src/screens/admin/IntegrationTokens";
import { actionsFor } from "../../src/screens/admin/StaffAccess";
import { invitationEmailProblem, userProblem, Users } from "../../src/screens/admin/Users";
import { MeContext } from "../../src/session";

const me = (role: Me["role"]): Me => ({
  user_id: "u-me",
  email: "me@acme.example",
  name: "Me",
  role,
  status: "active",
  mfa_enabled: true,
  has_password: true,
  tenant_id: "t-acme",
  tenant_name: "Acme",
});

/** `screen` as a person of `role` sees it. */
function renderAs(role: Me["role"], screen: JSX.Element): HTMLElement {
  const root = document.createElement("div");
  render(<MeContext.Provider value={me(role)}>{screen}</MeContext.Provider>, root);
  return root;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

describe("who sees what", () => {
  test("admins see every section, auditors the audit log, staff access and the uncertainty statement, others none", () => {
    expect(sectionsFor("admin").map((s) => s.id)).toEqual([
      "users",
      "allowlist",
      "sso",
      "domains",
      "tokens",
      "audit",
      "staff-access",
      "access-reviews",
      "inventory",
      "uncertainty",
    ]);
    expect(sectionsFor("auditor").map((s) => s.id)).toEqual([
      "audit",
      "staff-access",
      "access-reviews",
      "uncertainty",
    ]);
    expect(sectionsFor("editor")).toEqual([]);
    expect(sectionsFor(null)).toEqual([]);
  });

  test("the routes hold the same roles: a viewer opens no admin page, an auditor no user list", () => {
    const users = screenFor("/admin/users")?.screen;
    const audit = screenFor("/admin/audit")?.screen;
    const home = screenFor("/admin")?.screen;
    expect(users && audit && home).toBeTruthy();
    if (!users || !audit || !home) return;
    expect([mayOpen(users, "admin"), mayOpen(users, "auditor")]).toEqual([true, false]);
    expect([mayOpen(audit, "auditor"), mayOpen(audit, "viewer")]).toEqual([true, false]);
    expect([mayOpen(home, "viewer"), mayOpen(home, null)]).toEqual([false, false]);
    expect(mayOpen(screenFor("/")!.screen, "viewer")).toBe(true);
    const tokens = screenFor("/admin/tokens")?.screen;
    expect(tokens?.component).toBe(IntegrationTokens);
    expect(
      (["admin", "editor", "viewer", "auditor", null] as const).map((role) =>
        mayOpen(tokens!, role),
      ),
    ).toEqual([true, false, false, false, false]);
  });

  test("an auditor's front page links only what an auditor may read", () => {
    const root = renderAs("auditor", <AdminHome />);
    const links = [...root.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual([
      "/admin/audit",
      "/admin/staff-access",
      "/admin/access-reviews",
      "/admin/uncertainty",
    ]);
  });
});

describe("users", () => {
  test("the last-admin and invitee refusals are explained, in either language", () => {
    const lastAdmin = new ApiError(409, "conflict", "x", { reason: "last_admin" });
    const invitee = new ApiError(409, "conflict", "x", { field: "disabled" });
    expect(userProblem(lastAdmin)).toMatch(/last admin.*another user an admin/);
    expect(userProblem(invitee)).toMatch(/cancel the invitation/);
    setLocale("ja");
    expect(userProblem(lastAdmin)).toMatch(/最後の管理者/);
  });

  test("an address in another organisation's verified domain is told from a taken one", () => {
    const held = new ApiError(409, "conflict", "x", {
      field: "email",
      reason: "domain_held_elsewhere",
    });
    const taken = new ApiError(409, "conflict", "x", { field: "email" });
    expect(invitationEmailProblem(held)).toMatch(
      /domain is verified by another organisation.*a domain your organisation has verified/,
    );
    expect(invitationEmailProblem(taken)).toMatch(/already has an account/);
    const malformed = new ApiError(400, "invalid_input", "x", {
      errors: [{ field: "email", message: "not an e-mail address" }],
    });
    expect(invitationEmailProblem(malformed)).toBe("not an e-mail address");
    expect(invitationEmailProblem(new ApiError(400, "invalid_input", "x", { field: "name" }))).toBe(
      null,
    );
    setLocale("ja");
    expect(invitationEmailProblem(held)).toMatch(/別の組織が検証済み/);
  });

  test("the held-elsewhere refusal shows beside the e-mail field, not as the API's text", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) =>
        init?.method === "POST"
          ? new Response(
              JSON.stringify({
                error: {
                  code: "conflict",
                  message: "This address belongs to a domain verified by another organisation.",
                  details: { field: "email", reason: "domain_held_elsewhere" },
                },
              }),
              { status: 409 },
            )
          : new Response(JSON.stringify({ users: [] }), { status: 200 }),
      ),
    );
    const root = renderAs("admin", <Users />);
    const email = root.querySelector<HTMLInputElement>('input[name="email"]')!;
    email.value = "someone@held.example";
    email.dispatchEvent(new Event("input", { bubbles: true }));
    root.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    const error = root.querySelector(`#${email.getAttribute("aria-describedby")}`);
    expect(error?.textContent).toMatch(/Invite an address in a domain your organisation/);
    expect(root.textContent).not.toContain("This address belongs to a domain");
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  test("the invitation travels in the link's fragment, which no server receives", () => {
    const link = new URL(invitationLink("t-a.u-b.s3cret", "https://app.example"));
    expect(link.pathname).toBe("/invitation");
    expect(link.search).toBe("");
    expect(link.hash).toBe("#t-a.u-b.s3cret");
  });

  test("an invitee's row offers to cancel the invitation, never to disable; one's own no account actions", async () => {
    const listed: User[] = [
      {
        user_id: "u-me",
        email: "me@acme.example",
        name: "Me",
        role: "admin",
        status: "active",
        mfa_enabled: true,
        has_password: true,
      },
      {
        user_id: "u-new",
        email: "new@acme.example",
        name: "",
        role: "viewer",
        status: "invited",
        mfa_enabled: false,
        has_password: false,
      },
      {
        user_id: "u-sso",
        email: "sso@acme.example",
        name: "",
        role: "editor",
        status: "active",
        mfa_enabled: false,
        has_password: false,
      },
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ users: listed }), { status: 200 })),
    );
    const root = renderAs("admin", <Users />);
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(3));
    const buttons = (email: string): string[] =>
      [...root.querySelectorAll(`tr[data-user="${email}"] button`)].map((b) => b.textContent ?? "");
    expect(buttons("me@acme.example")).toEqual(["Disable", "Remove", "Export personal data"]);
    expect(buttons("new@acme.example")).toEqual(["Cancel invitation"]);
    // Another's account: MFA and sessions (no password to reset for an SSO-only person).
    expect(buttons("sso@acme.example")).toEqual([
      "Disable",
      "Remove",
      "Export personal data",
      "Reset MFA",
      "End all sessions",
    ]);
  });
});

describe("the IP allowlist", () => {
  test("one network a line, blank lines and spaces left out; one address as its own network", () => {
    expect(networksOf(" 10.0.0.0/8\n\n2001:db8::/32 \r\n")).toEqual([
      "10.0.0.0/8",
      "2001:db8::/32",
    ]);
    expect(hostNetwork("203.0.113.9")).toBe("203.0.113.9/32");
    expect(hostNetwork("2001:db8::1")).toBe("2001:db8::1/128");
  });

  test("the self-lockout names the address; a bad entry names its line", () => {
    const lockout = new ApiError(400, "invalid_input", "x", {
      field: "ip_allowlist",
      your_address: "198.51.100.7",
    });
    expect(allowlistProblem(lockout)).toEqual({ kind: "lockout", address: "198.51.100.7" });
    const entry = new ApiError(400, "invalid_input", "'x' is not a network", {
      field: "ip_allowlist.2",
    });
    expect(allowlistProblem(entry)).toEqual({
      kind: "entry",
      line: 3,
      message: "'x' is not a network",
    });
  });
});

describe("the audit log's filter", () => {
  test("dates are whole local days; empty fields are left out", () => {
    const query = queryOf(new URLSearchParams("action=user.&from=2026-03-01&to=2026-03-02"));
    const filter = filterOf(query);
    expect(filter.actor).toBeUndefined();
    expect(filter.action).toBe("user.");
    expect(new Date(filter.from ?? "").getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(filter.to ?? "").getTime()).toBe(new Date(2026, 2, 3).getTime() - 1);
  });
});

describe("staff access", () => {
  const grant = (change: Partial<StaffAccess>): StaffAccess => ({
    request_id: "g-1",
    staff_name: "Grace Hopper",
    staff_role: "engineer",
    scope: "read",
    reason: "r",
    ticket: "T-1",
    duration_minutes: 30,
    state: "pending",
    requested_at: "2026-03-01T00:00:00.000000Z",
    needs_customer_approval: false,
    requests_made: 0,
    ...change,
  });

  test("an admin decides only a request waiting for the tenant; revokes what is open", () => {
    expect(actionsFor(grant({}))).toEqual({ decide: false, revoke: true });
    expect(actionsFor(grant({ needs_customer_approval: true }))).toEqual({
      decide: true,
      revoke: true,
    });
    expect(
      actionsFor(grant({ needs_customer_approval: true, customer_approver_name: "Ann" })),
    ).toEqual({ decide: false, revoke: true });
    expect(actionsFor(grant({ state: "approved" }))).toEqual({ decide: false, revoke: true });
    expect(actionsFor(grant({ state: "denied" }))).toEqual({ decide: false, revoke: false });
  });
});

describe("errors naming fields", () => {
  test("a use case's field and the request validation's list are both placed", () => {
    const validation = new ApiError(400, "invalid_input", "The request is not valid.", {
      errors: [{ field: "email", location: "body", message: "too short" }],
    });
    expect(validation.fields).toEqual({ email: "too short" });
    const named = new ApiError(400, "invalid_input", "bad", { field: "role" });
    expect(named.fields).toEqual({ role: "bad" });
  });
});

describe("an access review", () => {
  const item = (userId: string, email: string) => ({
    item_id: userId,
    kind: "user" as const,
    subject_id: userId,
    email,
    name: "",
    role: "admin" as const,
    status: "active",
    sign_in_method: "password" as const,
    last_signed_in_at: null,
    mfa_enabled: true,
  });
  const review: AccessReviewDetail = {
    review_id: "2026-q4-t-acme",
    quarter: "2026-q4",
    status: "open",
    opened_at: "2026-10-01T00:00:00.000000Z",
    remind_at: "2026-10-15T00:00:00.000000Z",
    due_at: "2026-10-31T00:00:00.000000Z",
    item_count: 2,
    decided_count: 0,
    items: [item("u-me", "me@acme.example"), item("u-other", "other@acme.example")],
  };

  async function shown(role: Me["role"]): Promise<HTMLElement> {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(review), { status: 200 })),
    );
    const root = document.createElement("div");
    render(
      <MeContext.Provider value={me(role)}>
        <AccessReview params={{ id: review.review_id }} />
      </MeContext.Provider>,
      root,
    );
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(2));
    return root;
  }

  const buttons = (root: HTMLElement, email: string): string[] =>
    [...root.querySelectorAll(`tr[data-user="${email}"] button`)].map((b) => b.textContent ?? "");

  test("an admin decides on others' access, never their own", async () => {
    const root = await shown("admin");
    expect(buttons(root, "other@acme.example")).toEqual(["Attest", "Revoke"]);
    expect(buttons(root, "me@acme.example")).toEqual([]);
    expect(root.querySelector('tr[data-user="me@acme.example"]')?.textContent).toMatch(
      /another admin decides it/,
    );
  });

  test("an auditor reads the review and may export it, but decides nothing", async () => {
    const root = await shown("auditor");
    expect(buttons(root, "other@acme.example")).toEqual([]);
    expect([...root.querySelectorAll("button")].map((b) => b.textContent)).toEqual([
      "Download evidence (CSV)",
    ]);
  });
});
