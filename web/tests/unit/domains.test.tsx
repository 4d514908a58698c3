// Administration › Domains: the API's refusals in words, in either language, and what a
// pending and a verified domain offer.
import { render } from "preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../../src/api/errors";
import type { Domain } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import { domainProblem, Domains } from "../../src/screens/admin/Domains";

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

const domain = (name: string, status: Domain["status"]): Domain => ({
  domain: name,
  status,
  record_name: `_footprint.${name}`,
  record_value: "footprint-verification=abc",
  claimed_at: "2026-01-01T00:00:00Z",
  verified_at: status === "verified" ? "2026-01-02T00:00:00Z" : null,
});

describe("domains", () => {
  test("a missing record and a domain held elsewhere are told apart, in either language", () => {
    const missing = new ApiError(409, "conflict", "x", {
      field: "domain",
      reason: "record_not_found",
    });
    const held = new ApiError(409, "conflict", "x", { field: "domain", reason: "held_elsewhere" });
    expect(domainProblem(missing)).toMatch(/TXT record was not found/);
    expect(domainProblem(held)).toMatch(/Another organisation/);
    expect(domainProblem(new ApiError(400, "invalid_input", "x", { field: "domain" }))).toMatch(
      /example\.com/,
    );
    setLocale("ja");
    expect(domainProblem(held)).toMatch(/別の組織/);
  });

  test("a pending domain shows its record to copy and Verify; a verified one only Remove", async () => {
    const listed = [domain("acme.example", "pending"), domain("acme.test", "verified")];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ domains: listed }), { status: 200 })),
    );
    const root = document.createElement("div");
    render(<Domains />, root);
    await vi.waitFor(() => expect(root.querySelectorAll("[data-domain]")).toHaveLength(2));
    const item = (name: string): Element => root.querySelector(`[data-domain="${name}"]`)!;
    const buttons = (name: string): string[] =>
      [...item(name).querySelectorAll("button")].map((b) => b.textContent ?? "");
    expect(buttons("acme.example")).toEqual(["Copy", "Copy", "Verify", "Remove"]);
    const values = [...item("acme.example").querySelectorAll("input")].map((i) => i.value);
    expect(values).toEqual(["_footprint.acme.example", "footprint-verification=abc"]);
    expect(buttons("acme.test")).toEqual(["Remove"]);
  });
});
