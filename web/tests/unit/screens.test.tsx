// The pure parts of the screens: the authenticator key, the dashboard's figures, error words.
import { render } from "preact";
import { describe, expect, test } from "vitest";
import { ApiError, NetworkError } from "../../src/api/errors";
import type { Summary } from "../../src/api/types";
import { QrCode } from "../../src/components/QrCode";
import { describeError } from "../../src/describe-error";
import { setLocale } from "../../src/i18n";
import { defaultYear } from "../../src/months";
import { figuresOf } from "../../src/screens/Dashboard";
import { grouped, secretOf } from "../../src/screens/SignIn";

describe("sign-in", () => {
  test("the otpauth URI's secret, in groups of four", () => {
    const uri = "otpauth://totp/Footprint:a%40b.example?secret=NMMX4IQHIOISSPR5&issuer=Footprint";
    expect(secretOf(uri)).toBe("NMMX4IQHIOISSPR5");
    expect(grouped("NMMX4IQHIOISSPR5O")).toBe("NMMX 4IQH IOIS SPR5 O");
  });

  test("the QR code is drawn as SVG in the page, with a label", () => {
    const root = document.createElement("div");
    render(<QrCode text="otpauth://totp/x?secret=ABC" label="scan me" />, root);
    const svg = root.querySelector("svg");
    expect(svg?.getAttribute("aria-label")).toBe("scan me");
    expect(svg?.querySelector("path")?.getAttribute("d")).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(root.innerHTML).not.toContain("style=");
  });
});

describe("errors in words", () => {
  test("each kind of failure says what to do next, in the chosen language", () => {
    setLocale("en");
    expect(describeError(new NetworkError())).toMatch(/could not be reached/);
    expect(describeError(new ApiError(423, "locked", "x", { retry_after_seconds: 61 }))).toMatch(
      /paused for 2 min/,
    );
    expect(describeError(new ApiError(502, "bad_gateway", "x", { request_id: "r-1" }))).toMatch(
      /reference r-1/,
    );
    setLocale("ja");
    expect(describeError(new ApiError(403, "forbidden", "x"))).toMatch(/ロール/);
    setLocale("en");
  });
});

describe("the dashboard", () => {
  const answer = {
    from: "2025-01",
    to: "2025-12",
    gwp_set: "AR5",
    group_by: "scope",
    totals: {
      row_share: 7,
      co2e_kg: 76527.7,
      co2e_t: 76.5277,
      gases_kg: {},
      biogenic_co2_kg: 1200,
      co2e_market_based_kg: 53483.4,
      co2e_market_based_t: 53.4834,
    },
    scope_2: {
      location_based_kg: 25544.3,
      market_based_kg: 2500,
      location_based_t: 25.5443,
      market_based_t: 2.5,
    },
    groups: [
      {
        key: "scope-1",
        row_share: 3,
        co2e_kg: 29487.9,
        co2e_t: 29.4879,
        gases_kg: {},
        biogenic_co2_kg: 0,
        co2e_kg_by_scope: {},
      },
      {
        key: "scope-3",
        row_share: 2,
        co2e_kg: 21495.5,
        co2e_t: 21.4955,
        gases_kg: {},
        biogenic_co2_kg: 0,
        co2e_kg_by_scope: {},
      },
    ],
  } satisfies Summary;

  test("shows scope 2 both ways and the totals as the API gives them", () => {
    const figures = Object.fromEntries(figuresOf(answer).map((f) => [f.id, f.tonnes]));
    expect(figures).toEqual({
      "scope-1": 29.4879,
      "scope-2-location": 25.5443,
      "scope-2-market": 2.5,
      "scope-3": 21.4955,
      "total-location": 76.5277,
      "total-market": 53.4834,
    });
  });

  test("opens on the last complete year", () => {
    expect(defaultYear(new Date(2026, 10, 30))).toBe(2025);
  });
});
