// My account: the password change's refusals beside their fields (a 403 for a wrong password
// or code signs no one out), the SSO-only account's absent password, the recovery codes shown
// once, the sessions with their devices; an admin's account actions on other users' rows.
import { render } from "preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../../src/api/errors";
import { tenantTokens } from "../../src/api/tokens";
import type { AccountSession, Me, User } from "../../src/api/types";
import { accountActionsFor, UserAccountActions } from "../../src/components/UserAccountActions";
import { setLocale } from "../../src/i18n";
import { screenFor } from "../../src/routes";
import { Account, accountProblem, deviceName } from "../../src/screens/Account";
import { MeContext, SignOutContext } from "../../src/session";

const me = (change: Partial<Me> = {}): Me => ({
  user_id: "u-me",
  email: "me@acme.example",
  name: "Me",
  role: "viewer",
  status: "active",
  mfa_enabled: true,
  has_password: true,
  tenant_id: "t-acme",
  tenant_name: "Acme",
  ...change,
});

const session = (change: Partial<AccountSession>): AccountSession => ({
  session_id: "s-1",
  method: "password+totp",
  source_ip: "203.0.113.9",
  device: "Chrome on Windows",
  created_at: "2026-12-01T09:00:00.000000Z",
  last_used_at: "2026-12-05T09:00:00.000000Z",
  current: false,
  ...change,
});

const SESSIONS = [
  session({ session_id: "s-here", current: true, device: "Firefox on macOS" }),
  session({ session_id: "s-old", device: null }),
];

// Room for a test of several round trips on a machine busy with other work.
const SLOW = { timeout: 5000 };

type Answer = { status: number; body?: unknown };

/** fetch, answering each "METHOD /path" from `answers` (the sessions list by default). */
function stubApi(answers: Record<string, Answer>): string[] {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const call = `${init?.method ?? "GET"} ${String(input)}`;
      calls.push(`${call} ${String(init?.body ?? "")}`);
      const answer =
        answers[call] ??
        (call === "GET /v1/me/sessions"
          ? { status: 200, body: { sessions: SESSIONS } }
          : { status: 500 });
      return answer.status === 204
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify(answer.body ?? {}), { status: answer.status });
    }),
  );
  return calls;
}

function shown(who: Me, signOut: (everywhere: boolean) => void = () => undefined): HTMLElement {
  const root = document.createElement("div");
  document.body.append(root);
  render(
    <MeContext.Provider value={who}>
      <SignOutContext.Provider value={signOut}>
        <Account />
      </SignOutContext.Provider>
    </MeContext.Provider>,
    root,
  );
  return root;
}

function type(root: HTMLElement, name: string, value: string): void {
  const input = root.querySelector<HTMLInputElement>(`input[name=${name}]`);
  if (input === null) throw new Error(`no field ${name}`);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function press(root: HTMLElement, label: string): void {
  const button = [...root.querySelectorAll("button")].find((b) => b.textContent === label);
  if (!button) throw new Error(`no button ${label}`);
  button.click();
}

function errorBeside(root: HTMLElement, name: string): string | null {
  const input = root.querySelector(`input[name=${name}]`);
  return input?.closest(".field")?.querySelector(".field-error")?.textContent ?? null;
}

async function fillPassword(root: HTMLElement, again = "a new long passphrase"): Promise<void> {
  await vi.waitFor(() => expect(root.querySelector("input[name=current_password]")).not.toBeNull());
  type(root, "current_password", "old one");
  type(root, "code", "123456");
  type(root, "new_password", "a new long passphrase");
  type(root, "repeat_password", again);
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  setLocale("en");
});

describe("my account", () => {
  test("every role opens it, from the account menu rather than the main menu", () => {
    const found = screenFor("/account")?.screen;
    expect(found?.roles).toBeUndefined();
    expect(found?.nav).toBeUndefined();
  });

  test("a wrong current password is refused beside its field, and the session is kept", async () => {
    const calls = stubApi({
      "POST /v1/me/password": {
        status: 403,
        body: {
          error: { code: "forbidden", message: "x", details: { field: "current_password" } },
        },
      },
    });
    const lost = vi.fn();
    const stop = tenantTokens.onSessionLost(lost);
    const root = shown(me());
    await fillPassword(root);
    press(root, "Change password");
    await vi.waitFor(() =>
      expect(errorBeside(root, "current_password")).toBe("This is not your current password."),
    );
    expect(errorBeside(root, "code")).toBeNull();
    // A 403 is not a lost session: no refresh was tried and no one was signed out.
    expect(calls.some((call) => call.includes("/auth/refresh"))).toBe(false);
    expect(lost).not.toHaveBeenCalled();
    stop();
  });

  test("a wrong code and the password rules each go beside their own field", () => {
    const code = new ApiError(403, "forbidden", "x", { field: "code" });
    expect(accountProblem(code)).toEqual({
      field: "code",
      message: expect.stringMatching(/code was not accepted/) as unknown as string,
    });
    const rules = new ApiError(400, "invalid_input", "Use 12 characters or more.", {
      field: "new_password",
    });
    expect(accountProblem(rules)).toEqual({
      field: "new_password",
      message: "Use 12 characters or more.",
    });
    const locked = new ApiError(423, "locked", "x", { retry_after_seconds: 120 });
    expect(accountProblem(locked).field).toBeNull();
    setLocale("ja");
    expect(accountProblem(code).message).toMatch(/認証アプリ/);
  });

  test("two different new passwords are caught before anything is sent", async () => {
    const calls = stubApi({});
    const root = shown(me());
    await fillPassword(root, "something else entirely");
    press(root, "Change password");
    await vi.waitFor(() =>
      expect(errorBeside(root, "repeat_password")).toMatch(/two new passwords differ/),
    );
    expect(calls.some((call) => call.startsWith("POST"))).toBe(false);
  });

  test("a changed password says so, clears the form and reads the sessions again", async () => {
    const calls = stubApi({ "POST /v1/me/password": { status: 204 } });
    const root = shown(me());
    await fillPassword(root);
    press(root, "Change password");
    await vi.waitFor(() => expect(root.textContent).toMatch(/Your password is changed/), SLOW);
    expect(root.querySelector<HTMLInputElement>("input[name=current_password]")?.value).toBe("");
    const sent = calls.find((call) => call.startsWith("POST /v1/me/password")) ?? "";
    expect(JSON.parse(sent.slice(sent.indexOf("{")))).toEqual({
      current_password: "old one",
      new_password: "a new long passphrase",
      code: "123456",
    });
    await vi.waitFor(
      () => expect(calls.filter((call) => call.startsWith("GET /v1/me/sessions"))).toHaveLength(2),
      SLOW,
    );
  });

  test("an SSO-only person is told why there is no password, and offered no codes", async () => {
    stubApi({});
    const root = shown(me({ has_password: false }));
    expect(root.querySelector("input[name=current_password]")).toBeNull();
    expect(root.querySelector("[data-testid=sso-only]")?.textContent).toMatch(/single sign-on/);
    expect(root.textContent).not.toMatch(/Make new recovery codes/);
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(2));
  });

  test("new recovery codes are shown once, to copy or download, after a code", async () => {
    stubApi({
      "POST /v1/me/recovery-codes": {
        status: 200,
        body: { recovery_codes: ["aaaa-bbbb", "cccc-dddd"] },
      },
    });
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const root = shown(me());
    const form = [...root.querySelectorAll("form")][1];
    if (!form) throw new Error("no recovery form");
    type(form, "code", "654321");
    press(root, "Make new recovery codes");
    await vi.waitFor(() =>
      expect(
        [...root.querySelectorAll("[data-testid=new-recovery-codes] li")].map(
          (li) => li.textContent,
        ),
      ).toEqual(["aaaa-bbbb", "cccc-dddd"]),
    );
    press(root, "Copy");
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith("aaaa-bbbb\ncccc-dddd"));
    press(root, "I have saved them; continue");
    await vi.waitFor(() =>
      expect(root.querySelector("[data-testid=new-recovery-codes]")).toBeNull(),
    );
  });

  test("the sessions show device, address and times; this one is marked, others end", async () => {
    const calls = stubApi({ "DELETE /v1/me/sessions/s-old": { status: 204 } });
    const signOut = vi.fn();
    const root = shown(me(), signOut);
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(2));
    const here = root.querySelector("tr[data-session=s-here]");
    expect(here?.textContent).toMatch(/Firefox on macOS.*203\.0\.113\.9.*This session/);
    expect(here?.querySelector("button")).toBeNull();
    const old = root.querySelector("tr[data-session=s-old]");
    expect(old?.textContent).toMatch(/Unknown device/);
    old?.querySelector("button")?.click();
    await vi.waitFor(() => expect(root.querySelectorAll("tbody tr")).toHaveLength(1));
    expect(calls.some((call) => call.startsWith("DELETE /v1/me/sessions/s-old"))).toBe(true);
    press(root, "Sign out everywhere");
    expect(signOut).toHaveBeenCalledWith(true);
  });

  test("a session without a device is unknown, in either language", () => {
    expect(deviceName(session({ device: null }))).toBe("Unknown device");
    expect(deviceName(session({}))).toBe("Chrome on Windows");
    setLocale("ja");
    expect(deviceName(session({ device: null }))).toBe("不明な端末");
    expect(deviceName(session({ device: "Unknown device" }))).toBe("不明な端末");
  });
});

describe("an admin's account actions", () => {
  const user = (change: Partial<User> = {}): User => ({
    user_id: "u-ed",
    email: "ed@acme.example",
    name: "Ed",
    role: "editor",
    status: "active",
    mfa_enabled: true,
    has_password: true,
    ...change,
  });

  test("none on one's own row or an invitee's; no password reset without a password", () => {
    expect(accountActionsFor(user(), "u-me")).toEqual([
      "mfa-reset",
      "password-reset",
      "end-sessions",
    ]);
    expect(accountActionsFor(user({ user_id: "u-me" }), "u-me")).toEqual([]);
    expect(accountActionsFor(user({ status: "invited" }), "u-me")).toEqual([]);
    expect(accountActionsFor(user({ has_password: false }), "u-me")).toEqual([
      "mfa-reset",
      "end-sessions",
    ]);
  });

  test("each is confirmed first, then its result or refusal shows beside the row", async () => {
    const calls = stubApi({
      "POST /v1/users/u-ed/mfa-reset": { status: 204 },
      "DELETE /v1/users/u-ed/sessions": {
        status: 409,
        body: { error: { code: "conflict", message: "Changed meanwhile.", details: {} } },
      },
    });
    const root = document.createElement("div");
    render(<UserAccountActions user={user()} myUserId="u-me" />, root);
    const group = (): Element | null => root.querySelector("[role=group]");
    press(root, "Reset MFA");
    await vi.waitFor(() => expect(group()?.textContent).toMatch(/ed@acme\.example/));
    expect(calls).toEqual([]); // only asked to confirm
    press(root, "Keep");
    await vi.waitFor(() => expect(group()).toBeNull());
    press(root, "Reset MFA");
    await vi.waitFor(() => expect(group()).not.toBeNull());
    group()?.querySelector<HTMLButtonElement>(".button-danger")?.click();
    await vi.waitFor(() =>
      expect(root.querySelector("[role=status]")?.textContent).toMatch(/sets up an authenticator/),
    );
    press(root, "End all sessions");
    await vi.waitFor(() => expect(group()).not.toBeNull());
    group()?.querySelector<HTMLButtonElement>(".button-danger")?.click();
    await vi.waitFor(() => expect(root.querySelector("[role=alert]")).not.toBeNull());
    expect(calls.map((call) => call.split(" ").slice(0, 2).join(" "))).toEqual([
      "POST /v1/users/u-ed/mfa-reset",
      "DELETE /v1/users/u-ed/sessions",
    ]);
  });
});
