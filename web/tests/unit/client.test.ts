// The API client: a 401 refreshes once and retries; a second 401 gives the session up.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { request } from "../../src/api/client";
import { ApiError, NetworkError } from "../../src/api/errors";
import { staffTokens, tenantTokens } from "../../src/api/tokens";

type Answer = { status: number; body?: unknown };

function serve(answers: Answer[]): ReturnType<typeof vi.fn> {
  const fetchMock = vi.fn(async () => {
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return new Response(next.body === undefined ? null : JSON.stringify(next.body), {
      status: next.status,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

const TOKENS = { access_token: "fresh", expires_in: 600, token_type: "Bearer" as const };
const unauthenticated = { error: { code: "unauthenticated", message: "x", details: {} } };

beforeEach(() => tenantTokens.hold({ ...TOKENS, access_token: "old" }));
afterEach(() => {
  vi.unstubAllGlobals();
  tenantTokens.forget();
  staffTokens.forget();
});

describe("request", () => {
  test("sends the bearer token and answers the JSON body", async () => {
    const fetchMock = serve([{ status: 200, body: { ok: true } }]);
    expect(await request("GET", "/me", { query: { a: "1", b: undefined } })).toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/v1/me?a=1");
    expect((init.headers as Record<string, string>)["Authorization"]).toBe("Bearer old");
  });

  test("a 401 refreshes once from the cookie, then retries with the new token", async () => {
    const fetchMock = serve([
      { status: 401, body: unauthenticated },
      { status: 200, body: TOKENS },
      { status: 200, body: { ok: true } },
    ]);
    expect(await request("GET", "/me")).toEqual({ ok: true });
    const urls = fetchMock.mock.calls.map((call) => call[0]);
    expect(urls).toEqual(["/v1/me", "/v1/auth/refresh", "/v1/me"]);
    const refresh = fetchMock.mock.calls[1]?.[1] as RequestInit;
    expect(refresh.body).toBe("{}"); // the refresh token travels in the cookie only
    expect(tenantTokens.accessToken()).toBe("fresh");
  });

  test("when the refresh is refused, the session is given up", async () => {
    serve([
      { status: 401, body: unauthenticated },
      { status: 401, body: unauthenticated },
    ]);
    const lost = vi.fn();
    const stop = tenantTokens.onSessionLost(lost);
    await expect(request("GET", "/me")).rejects.toBeInstanceOf(ApiError);
    stop();
    expect(lost).toHaveBeenCalledOnce();
    expect(tenantTokens.accessToken()).toBeNull();
  });

  test("concurrent 401s share one refresh", async () => {
    const fetchMock = serve([
      { status: 401, body: unauthenticated },
      { status: 401, body: unauthenticated },
      { status: 200, body: TOKENS },
      { status: 200, body: 1 },
      { status: 200, body: 2 },
    ]);
    await Promise.all([request("GET", "/a"), request("GET", "/b")]);
    const refreshes = fetchMock.mock.calls.filter((call) => call[0] === "/v1/auth/refresh");
    expect(refreshes).toHaveLength(1);
  });

  test("a staff call carries the staff token and refreshes at the staff route only", async () => {
    staffTokens.hold({ ...TOKENS, access_token: "staff-old" });
    const fetchMock = serve([
      { status: 401, body: unauthenticated },
      { status: 200, body: { ...TOKENS, access_token: "staff-fresh" } },
      { status: 200, body: { ok: true } },
    ]);
    expect(await request("GET", "/staff/me", { tokens: staffTokens })).toEqual({ ok: true });
    const calls = fetchMock.mock.calls as [string, RequestInit][];
    expect(calls.map((call) => call[0])).toEqual([
      "/v1/staff/me",
      "/v1/staff/auth/refresh",
      "/v1/staff/me",
    ]);
    const bearer = calls.map(
      ([, init]) => (init.headers as Record<string, string>)["Authorization"],
    );
    expect(bearer).toEqual(["Bearer staff-old", undefined, "Bearer staff-fresh"]);
    // The app's session is another one: untouched.
    expect(tenantTokens.accessToken()).toBe("old");
    expect(staffTokens.accessToken()).toBe("staff-fresh");
  });

  test("the API's error shape becomes an ApiError naming its field", async () => {
    serve([
      {
        status: 400,
        body: { error: { code: "invalid_input", message: "bad", details: { field: "email" } } },
      },
    ]);
    const error = await request("POST", "/auth/login", { body: {}, authenticated: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).field).toBe("email");
    expect((error as ApiError).code).toBe("invalid_input");
  });

  test("no answer at all is a NetworkError", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("offline"))),
    );
    await expect(request("GET", "/me")).rejects.toBeInstanceOf(NetworkError);
  });
});
