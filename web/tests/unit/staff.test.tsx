// The staff console's logic: the request form's checks and the API's refusals in words beside
// their fields, an approval's refusals where they belong, the screens each staff role opens,
// and a lead's approvals offering no action on their own request.
import { render } from "preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../../src/api/errors";
import { staffTokens } from "../../src/api/tokens";
import type { AccessRequest, StaffMe } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import { putRow } from "../../src/screens/staff/access";
import { decisionProblem, StaffApprovals } from "../../src/screens/staff/Approvals";
import { checkRequest, refusedFields, type RequestForm } from "../../src/screens/staff/Requests";
import { isStaffPath, STAFF_SCREENS, staffScreensFor } from "../../src/staff-routes";

const FORM: RequestForm = {
  tenant_id: " t-0123456789abcdef ",
  scope: "read",
  reason: " Totals look wrong ",
  ticket: "SUP-1",
  duration_minutes: "30",
};

function request(overrides: Partial<AccessRequest>): AccessRequest {
  return {
    request_id: "g-1",
    tenant_id: "t-0123456789abcdef",
    staff_id: "st-engineer",
    staff_name: "Grace",
    staff_role: "engineer",
    scope: "read",
    reason: "Totals look wrong",
    ticket: "SUP-1",
    duration_minutes: 30,
    state: "pending",
    requested_at: "2026-03-01T09:00:00Z",
    needs_customer_approval: false,
    ...overrides,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  staffTokens.forget();
  setLocale("en");
});

describe("asking for access", () => {
  test("a complete form makes the request, trimmed, with the duration as a number", () => {
    expect(checkRequest(FORM)).toEqual({
      request: {
        tenant_id: "t-0123456789abcdef",
        scope: "read",
        reason: "Totals look wrong",
        ticket: "SUP-1",
        duration_minutes: 30,
      },
    });
  });

  test("each missing or out-of-range field is named, in the chosen language", () => {
    const checked = checkRequest({ ...FORM, tenant_id: " ", reason: "", duration_minutes: "241" });
    expect("problems" in checked).toBe(true);
    const problems = "problems" in checked ? checked.problems : {};
    expect(Object.keys(problems).sort()).toEqual(["duration_minutes", "reason", "tenant_id"]);
    expect(problems.duration_minutes?.()).toBe("Enter a whole number of minutes from 1 to 240.");
    setLocale("ja");
    expect(problems.reason?.()).toBe("入力してください。");
    for (const minutes of ["0", "1.5", "", "ten"]) {
      expect(checkRequest({ ...FORM, duration_minutes: minutes })).toHaveProperty(
        "problems.duration_minutes",
      );
    }
    expect(checkRequest({ ...FORM, duration_minutes: "240" })).toHaveProperty("request");
  });

  test("the API's refusal is shown beside each field it names", () => {
    const several = new ApiError(400, "invalid_input", "The request is not valid.", {
      errors: [
        { field: "tenant_id", location: "body", message: "x" },
        { field: "duration_minutes", location: "body", message: "y" },
      ],
    });
    expect(Object.keys(several.fields)).toEqual(["tenant_id", "duration_minutes"]);
    const problems = refusedFields(several);
    expect(problems.tenant_id?.()).toMatch(/No active tenant has this id/);
    expect(problems.duration_minutes?.()).toMatch(/from 1 to 240/);
    const one = new ApiError(400, "invalid_input", "A ticket is required.", { field: "ticket" });
    expect(refusedFields(one).ticket?.()).toBe(
      "The service refused this value: A ticket is required.",
    );
  });

  test("an answer replaces its row, or comes first when new", () => {
    const rows = [request({ request_id: "g-1" }), request({ request_id: "g-2" })];
    const approved = request({ request_id: "g-2", state: "approved" });
    expect(putRow(rows, approved).map((r) => r.state)).toEqual(["pending", "approved"]);
    expect(putRow(rows, request({ request_id: "g-3" })).map((r) => r.request_id)).toEqual([
      "g-3",
      "g-1",
      "g-2",
    ]);
  });
});

describe("a lead's decision", () => {
  test("a refused code is shown at the code; the two-person rule and races at the row", () => {
    const code = new ApiError(403, "forbidden", "The code is not valid.", { field: "code" });
    expect(decisionProblem(code, "approve").code?.()).toMatch(/code was not accepted/);
    const own = new ApiError(403, "forbidden", "A request is approved by another lead.");
    expect(decisionProblem(own, "approve").row?.()).toMatch(/two-person rule/);
    const raced = new ApiError(409, "conflict", "This request changed meanwhile.");
    expect(decisionProblem(raced, "deny").row?.()).toMatch(/changed meanwhile/);
  });

  test("the approvals offer no action on the lead's own request", async () => {
    const lead: StaffMe = { staff_id: "st-lead", email: "a@x", name: "Ada", role: "lead" };
    const rows = [
      request({ request_id: "g-own", staff_id: "st-lead", staff_name: "Ada", ticket: "OPS-7" }),
      request({ request_id: "g-other", ticket: "SUP-1" }),
      request({ request_id: "g-done", ticket: "SUP-0", state: "approved" }),
    ];
    const approved = request({ request_id: "g-other", ticket: "SUP-1", state: "approved" });
    const fetchMock = vi.fn(async (url: string) =>
      url.endsWith("/approve")
        ? new Response(JSON.stringify(approved), { status: 200 })
        : new Response(JSON.stringify({ requests: rows }), { status: 200 }),
    );
    vi.stubGlobal("fetch", fetchMock);
    staffTokens.hold({ access_token: "staff", expires_in: 900, token_type: "Bearer" });
    const root = document.createElement("div");
    render(<StaffApprovals params={{}} me={lead} />, root);
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(2));
    const [own, other] = [...root.querySelectorAll("tbody tr")];
    expect(own?.textContent).toContain("OPS-7");
    expect(own?.textContent).toContain("two-person rule");
    expect(own?.querySelectorAll("button, input")).toHaveLength(0);
    expect(other?.textContent).toContain("SUP-1");
    expect([...(other?.querySelectorAll("button") ?? [])].map((b) => b.textContent)).toEqual([
      "Approve",
      "Deny",
    ]);

    // Approving: the code goes to the API, the row leaves the list, the lead is told.
    const code = other?.querySelector("input") as HTMLInputElement;
    code.value = "123456";
    code.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((settled) => setTimeout(settled, 0)); // Preact renders the new state
    other?.querySelector("form")?.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(1));
    const [url, init] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(url).toBe("/v1/staff/access-requests/g-other/approve");
    expect(JSON.parse(String(init.body))).toEqual({ code: "123456" });
    expect(root.querySelector("[role=status]")?.textContent).toBe(
      "You approved Grace's request for t-0123456789abcdef: Approved.",
    );
    render(null, root);
  });
});

describe("the staff console's screens", () => {
  test("live under /staff only", () => {
    expect(isStaffPath("/staff")).toBe(true);
    expect(isStaffPath("/staff/approvals")).toBe(true);
    expect(isStaffPath("/staffing")).toBe(false);
    expect(isStaffPath("/")).toBe(false);
  });

  test("each role opens only the screens it can act on", () => {
    const patterns = (role: StaffMe["role"]): string[] =>
      staffScreensFor(role).map((screen) => screen.pattern);
    expect(patterns("engineer")).toEqual(["/staff"]);
    expect(patterns("lead")).toEqual(["/staff", "/staff/approvals", "/staff/grants"]);
    expect(patterns("security")).toEqual([
      "/staff",
      "/staff/grants",
      "/staff/reviews",
      "/staff/reviews/:id",
    ]);
    // Every screen is in the menu but a review's detail, reached from its list.
    const detail = (screen: { pattern: string }): boolean => screen.pattern.includes("/:");
    expect(STAFF_SCREENS.every((screen) => screen.nav || detail(screen))).toBe(true);
  });
});
