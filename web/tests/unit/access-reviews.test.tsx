// Access reviews in both realms: a user's, a member of staff's and a staff grant's rows each
// laid out for what they are, the decisions offered per kind and reader (never on one's own
// item; none for auditors), the refusals beside the row, and the console's screen for
// security staff only.
import { render } from "preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { staffTokens } from "../../src/api/tokens";
import type { AccessReviewDetail, AccessReviewItem, Me, StaffMe } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import { AccessReview } from "../../src/screens/admin/AccessReview";
import { StaffReview } from "../../src/screens/staff/Reviews";
import { MeContext } from "../../src/session";
import { staffScreensFor } from "../../src/staff-routes";

const me: Me = {
  user_id: "u-me",
  email: "me@acme.example",
  name: "Me",
  role: "admin",
  status: "active",
  mfa_enabled: true,
  has_password: true,
  tenant_id: "t-acme",
  tenant_name: "Acme",
};
const security: StaffMe = { staff_id: "st-sec", email: "s@x", name: "Sam", role: "security" };

const user = (id: string, email: string): AccessReviewItem => ({
  item_id: id,
  kind: "user",
  subject_id: id,
  email,
  name: "",
  role: "editor",
  status: "active",
  sign_in_method: "sso",
  last_signed_in_at: null,
  mfa_enabled: true,
});

const staffMember = (id: string, email: string): AccessReviewItem => ({
  item_id: id,
  kind: "staff",
  subject_id: id,
  email,
  name: `Name of ${id}`,
  role: "engineer",
  status: "disabled",
  last_signed_in_at: "2026-11-02T08:00:00Z",
  mfa_enabled: true,
});

const grant = (id: string, holder: string, tenant: string | null): AccessReviewItem => ({
  item_id: id,
  kind: "staff_grant",
  subject_id: holder,
  email: null,
  name: "Grace",
  role: "engineer",
  status: "expired",
  sign_in_method: null,
  mfa_enabled: null,
  grant_tenant_id: tenant,
  scope: "write",
  grant_reason: "Totals look wrong",
  ticket: "SUP-42",
  approved_by: "Ada",
  starts_at: "2026-11-03T09:00:00Z",
  ends_at: "2026-11-03T10:00:00Z",
  requests: 17,
});

const reviewOf = (items: AccessReviewItem[]): AccessReviewDetail => ({
  review_id: "2026-q4-x",
  quarter: "2026-q4",
  status: "open",
  opened_at: "2026-10-01T00:00:00Z",
  remind_at: "2026-10-08T00:00:00Z",
  due_at: "2026-10-15T00:00:00Z",
  item_count: items.length,
  decided_count: 0,
  items,
});

afterEach(() => {
  vi.unstubAllGlobals();
  staffTokens.forget();
  setLocale("en");
});

/** Serve `review`, and answer a decision with `decided` (a body and a status). */
function serve(
  review: AccessReviewDetail,
  decided?: { status: number; body: unknown },
): ReturnType<typeof vi.fn> {
  const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
    init?.method === "POST" && decided
      ? new Response(JSON.stringify(decided.body), { status: decided.status })
      : new Response(JSON.stringify(review), { status: 200 }),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

const row = (root: HTMLElement, id: string): HTMLElement => {
  const found = root.querySelector<HTMLElement>(`tr[data-item="${id}"]`);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};
const buttons = (element: HTMLElement): string[] =>
  [...element.querySelectorAll("button")].map((b) => b.textContent ?? "");

async function tenantScreen(role: Me["role"], items: AccessReviewItem[]): Promise<HTMLElement> {
  const root = document.createElement("div");
  render(
    <MeContext.Provider value={{ ...me, role }}>
      <AccessReview params={{ id: "2026-q4-x" }} />
    </MeContext.Provider>,
    root,
  );
  await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(items.length));
  return root;
}

async function staffScreen(who: StaffMe, items: AccessReviewItem[]): Promise<HTMLElement> {
  staffTokens.hold({ access_token: "staff", expires_in: 900, token_type: "Bearer" });
  const root = document.createElement("div");
  render(<StaffReview params={{ id: "2026-q4-x" }} me={who} />, root);
  await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(items.length));
  return root;
}

describe("a tenant's review with staff grants", () => {
  const items = [user("u-other", "other@acme.example"), grant("g-1", "st-grace", null)];

  test("a grant's row names who, scope, reason, ticket, approver, window and use", async () => {
    serve(reviewOf(items));
    const text = row(await tenantScreen("admin", items), "g-1").textContent ?? "";
    for (const shown of ["Grace", "Staff grant", "Write", "Ended", "SUP-42", "Ada", "17"]) {
      expect(text).toContain(shown);
    }
    expect(text).toContain("Totals look wrong");
    expect(text).not.toContain("No sign-in yet");
    expect(text).not.toContain("Authenticator not set up");
  });

  test("an admin attests or revokes a grant as a user; an auditor decides nothing", async () => {
    serve(reviewOf(items));
    const admin = await tenantScreen("admin", items);
    expect(buttons(row(admin, "g-1"))).toEqual(["Attest", "Revoke"]);
    expect(buttons(row(admin, "u-other"))).toEqual(["Attest", "Revoke"]);
    const auditor = await tenantScreen("auditor", items);
    expect(buttons(row(auditor, "g-1"))).toEqual([]);
    expect(row(auditor, "g-1").textContent).toContain("Awaits an admin's decision.");
  });

  test("revoking a grant posts the reason and says it ends the grant", async () => {
    const decided = { ...items[1], decision: "revoke", reason: "Not needed" };
    const fetchMock = serve(reviewOf(items), { status: 200, body: decided });
    const root = await tenantScreen("admin", items);
    const grantRow = row(root, "g-1");
    grantRow.querySelectorAll("button")[1]?.click();
    await vi.waitFor(() => expect(grantRow.querySelector("input")).toBeTruthy());
    expect(grantRow.textContent).toContain("ends the grant");
    const input = grantRow.querySelector("input");
    if (!input) return;
    input.value = "Not needed";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((settled) => setTimeout(settled, 0)); // the reason's state rendered
    grantRow.querySelector("form")?.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(row(root, "g-1").dataset["decision"]).toBe("revoke"));
    const [url, init] = fetchMock.mock.calls.at(-1) ?? [];
    expect(url).toMatch(/\/v1\/access-reviews\/2026-q4-x\/items\/g-1$/);
    expect(JSON.parse(String(init?.body))).toEqual({ decision: "revoke", reason: "Not needed" });
  });
});

describe("the platform's review in the staff console", () => {
  const items = [
    staffMember("st-sec", "s@x"),
    staffMember("st-other", "o@x"),
    grant("g-own", "st-sec", "t-acme"),
    grant("g-other", "st-other", "t-acme"),
  ];

  test("security decides every item but its own member and its own grants", async () => {
    serve(reviewOf(items));
    const root = await staffScreen(security, items);
    expect(buttons(row(root, "st-other"))).toEqual(["Attest", "Revoke"]);
    expect(buttons(row(root, "g-other"))).toEqual(["Attest", "Revoke"]);
    for (const own of ["st-sec", "g-own"]) {
      expect(buttons(row(root, own))).toEqual([]);
      expect(row(root, own).textContent).toContain("another security reviewer decides it");
    }
    expect(row(root, "st-other").textContent).toContain("engineer");
    expect(row(root, "st-other").textContent).toContain("Disabled");
    expect(row(root, "g-other").textContent).toContain("Tenant t-acme");
  });

  test("the two-person refusal is shown in words at the row, in Japanese too", async () => {
    setLocale("ja");
    serve(reviewOf(items), {
      status: 403,
      body: {
        error: {
          code: "forbidden",
          message: "Nobody may decide on their own access: another reviewer decides it.",
        },
      },
    });
    const root = await staffScreen({ ...security, staff_id: "st-else" }, items);
    row(root, "st-sec").querySelector("button")?.click();
    await vi.waitFor(() =>
      expect(row(root, "st-sec").querySelector('[role="alert"]')?.textContent).toBe(
        "自分自身のアクセスは判断できません。別のセキュリティ担当者が判断します。",
      ),
    );
  });

  test("only security staff open the reviews", () => {
    const paths = (role: StaffMe["role"]) => staffScreensFor(role).map((s) => s.pattern);
    expect(paths("security")).toContain("/staff/reviews");
    expect(paths("security")).toContain("/staff/reviews/:id");
    expect(paths("lead")).not.toContain("/staff/reviews");
    expect(paths("engineer")).not.toContain("/staff/reviews");
  });
});
