// Single sign-on in the browser: what the ACS leaves in the address, and how the app reaches
// an IdP by either binding.
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../../src/api/errors";
import { goToIdp, landingOf, signInWithSso } from "../../src/api/sso";
import { describeSsoRefusal } from "../../src/describe-error";
import { setLocale } from "../../src/i18n";

describe("the landing from the ACS", () => {
  test("a code, a start, a refusal, or nothing", () => {
    expect(landingOf("#sso_code=t-1.abc")).toEqual({ kind: "code", code: "t-1.abc" });
    expect(landingOf("#sso_start=t-1")).toEqual({ kind: "start", organisation: "t-1" });
    expect(landingOf("#sso_error=forbidden")).toEqual({ kind: "error", code: "forbidden" });
    expect(landingOf("")).toBeNull();
    expect(landingOf("#section-2")).toBeNull();
  });

  test("each refusal in words, with what to do next", () => {
    setLocale("en");
    expect(describeSsoRefusal("unauthenticated")).toMatch(/Sign in again with SSO/);
    expect(describeSsoRefusal(new ApiError(401, "unauthenticated", "x"))).toMatch(/expired/);
    expect(describeSsoRefusal("forbidden")).toMatch(/Ask your administrator/);
    expect(describeSsoRefusal("not_found")).toMatch(/not set up/);
  });
});

describe("reaching the IdP", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  test("by HTTP-POST: a hidden form with the request's fields, submitted", () => {
    const submit = vi.spyOn(HTMLFormElement.prototype, "submit").mockImplementation(() => {});
    goToIdp({
      binding: "post",
      url: "https://idp.example/sso",
      fields: { SAMLRequest: "PHNhbWw+", RelayState: "/reports" },
    });
    const form = document.body.querySelector("form");
    expect(form?.method).toBe("post");
    expect(form?.action).toBe("https://idp.example/sso");
    expect(form?.hidden).toBe(true);
    const fields = Object.fromEntries(
      [...(form?.querySelectorAll("input") ?? [])].map((input) => [input.name, input.value]),
    );
    expect(fields).toEqual({ SAMLRequest: "PHNhbWw+", RelayState: "/reports" });
    expect(submit).toHaveBeenCalledOnce();
  });

  test("by HTTP-Redirect: the browser goes to the URL, no form", () => {
    const assign = vi.fn();
    const doc = { location: { assign } } as unknown as Document;
    goToIdp({ binding: "redirect", url: "https://idp.example/sso?SAMLRequest=x", fields: {} }, doc);
    expect(assign).toHaveBeenCalledWith("https://idp.example/sso?SAMLRequest=x");
  });
});

describe("starting from an organisation ID or a work e-mail", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  test("an address asks by its domain, an ID by the organisation", async () => {
    vi.spyOn(HTMLFormElement.prototype, "submit").mockImplementation(() => {});
    const fetch = vi.fn(
      async () =>
        new Response(
          JSON.stringify({ binding: "post", url: "https://idp.example/sso", fields: {} }),
          { status: 200 },
        ),
    );
    vi.stubGlobal("fetch", fetch);
    await signInWithSso("grace@acme.example", "/reports");
    await signInWithSso("t-acme", "/reports");
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([url]) => new URL(url, "https://app.example").pathname)).toEqual([
      "/v1/auth/saml/email-start",
      "/v1/auth/saml/t-acme/start",
    ]);
    expect(JSON.parse(String(calls[0]![1].body))).toEqual({
      email: "grace@acme.example",
      relay_state: "/reports",
    });
  });
});
