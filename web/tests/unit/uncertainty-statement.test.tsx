// Administration › Uncertainty figures: the statement an admin's typing sends, what a save
// changed, a refusal beside the field it names in either language, and who may change it.
import { afterEach, describe, expect, test, vi } from "vitest";
import type { UncertaintyStatement as Statement } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import {
  changesMade,
  statementRequest,
  UncertaintyStatement,
} from "../../src/screens/admin/UncertaintyStatement";
import { api, errorBeside, json, renderAs, submit, type } from "../support/fake-api";

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

const PATH = "/v1/tenant/inventory/uncertainty";
const METER = "meter class 2 per the site calibration certificate";
const SUPPLIER = "tolerance stated by the gas supplier";

const TABLE = "a publisher's table 3";
// The published defaults: a factor's for waste, none for stationary combustion's parts.
const PUBLISHED: Statement["published"] = {
  stationary_combustion: {
    activity_pct: null,
    activity_source: null,
    factor_pct: null,
    factor_source: null,
    searched: "none read",
  },
  waste: {
    activity_pct: null,
    activity_source: null,
    factor_pct: 5,
    factor_source: TABLE,
    searched: "activity: none read",
  },
};

const EMPTY: Statement = {
  categories: {},
  digest: "d-empty",
  updated_at: null,
  published: PUBLISHED,
};

const STATED: Statement = {
  categories: {
    stationary_combustion: {
      activity_pct: 2,
      activity_source: METER,
      factor_pct: 3,
      factor_source: SUPPLIER,
    },
  },
  digest: "d-stated",
  updated_at: "2026-12-06T05:00:00Z",
  published: PUBLISHED,
};

const field = (category: string, name: string): string => `categories.${category}.${name}`;

function refusal(name: string, type: string, ctx: Record<string, unknown>, message: string) {
  return () =>
    json(
      {
        error: {
          code: "invalid_input",
          message: "The request is not valid.",
          details: { errors: [{ field: name, location: "body", type, ctx, message }] },
        },
      },
      400,
    );
}

describe("the uncertainty statement", () => {
  test("an admin's figures are sent with their sources, and the save says what changed", async () => {
    const calls = api({ [`GET ${PATH}`]: () => json(EMPTY), [`PUT ${PATH}`]: () => json(STATED) });
    const root = renderAs("admin", <UncertaintyStatement />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    type(root, field("stationary_combustion", "activity_pct"), "2");
    type(root, field("stationary_combustion", "activity_source"), ` ${METER} `);
    type(root, field("stationary_combustion", "factor_pct"), "３");
    type(root, field("stationary_combustion", "factor_source"), SUPPLIER);
    await submit(root.querySelector("form")!);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=saved]")).not.toBeNull());
    expect(calls.at(-1)).toEqual({
      method: "PUT",
      path: PATH,
      query: "",
      body: {
        categories: {
          stationary_combustion: {
            activity_pct: 2,
            activity_source: METER,
            factor_pct: 3,
            factor_source: SUPPLIER,
          },
        },
      },
    });
    const saved = root.querySelector("[data-testid=saved]")!.textContent ?? "";
    expect(saved).toContain(`Stationary combustion, Activity data: Not stated → ±2% (${METER})`);
    expect(saved).toContain(
      `Stationary combustion, Emission factor: Not stated → ±3% (${SUPPLIER})`,
    );
  });

  test("a half-typed part goes as typed, for the API to name what is missing", () => {
    const blank = { activity_pct: "", activity_source: "", factor_pct: "", factor_source: "" };
    expect(
      statementRequest({
        refrigerants: { ...blank, activity_pct: "5" },
        waste: { ...blank, factor_source: "supplier's tolerance" },
        electricity: { ...blank, activity_pct: "two" },
        capital_goods: blank,
      }),
    ).toEqual({
      categories: {
        refrigerants: { activity_pct: 5, activity_source: null },
        waste: { factor_pct: null, factor_source: "supplier's tolerance" },
        electricity: { activity_pct: "two", activity_source: null },
      },
    });
  });

  test("emptying every field withdraws the statement", async () => {
    const calls = api({ [`GET ${PATH}`]: () => json(STATED), [`PUT ${PATH}`]: () => json(EMPTY) });
    const root = renderAs("admin", <UncertaintyStatement />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    for (const name of ["activity_pct", "activity_source", "factor_pct", "factor_source"]) {
      type(root, field("stationary_combustion", name), "");
    }
    await submit(root.querySelector("form")!);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=saved]")).not.toBeNull());
    expect(calls.at(-1)?.body).toEqual({ categories: {} });
    expect(changesMade(STATED, EMPTY)).toEqual([
      `Stationary combustion, Activity data: ±2% (${METER}) → Not stated`,
      `Stationary combustion, Emission factor: ±3% (${SUPPLIER}) → Not stated`,
    ]);
    expect(changesMade(STATED, STATED)).toEqual([]);
  });

  test("a refused source is worded beside its field in the reader's language; nothing is saved", async () => {
    const name = field("stationary_combustion", "activity_source");
    api({
      [`GET ${PATH}`]: () => json(EMPTY),
      [`PUT ${PATH}`]: refusal(
        name,
        "string_too_long",
        { max_length: 500 },
        "String should have at most 500 characters",
      ),
    });
    const root = renderAs("admin", <UncertaintyStatement />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    type(root, field("stationary_combustion", "activity_pct"), "2");
    type(root, name, "x".repeat(501));
    await submit(root.querySelector("form")!);
    await vi.waitFor(() => expect(errorBeside(root, name)).toBe("Enter at most 500 characters."));
    expect(errorBeside(root, field("stationary_combustion", "activity_pct"))).toBeNull();
    expect(root.querySelector("[data-testid=saved]")).toBeNull();
    expect(root.querySelector("[role=alert]")?.textContent).toContain("was not saved");
    setLocale("ja");
    renderAs("admin", <UncertaintyStatement />, root);
    await vi.waitFor(() =>
      expect(errorBeside(root, name)).toBe("500 文字以内で入力してください。"),
    );
  });

  test("a source without its figure: the API's words beside it, and the server's in Japanese", async () => {
    const name = field("stationary_combustion", "factor_source");
    const message = "Value error, factor_source and factor_pct go together: give both or neither";
    api({
      [`GET ${PATH}`]: () => json(EMPTY),
      [`PUT ${PATH}`]: refusal(name, "value_error", {}, message),
    });
    const root = renderAs("admin", <UncertaintyStatement />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    type(root, name, SUPPLIER);
    await submit(root.querySelector("form")!);
    await vi.waitFor(() => expect(errorBeside(root, name)).toBe(message));
    setLocale("ja");
    renderAs("admin", <UncertaintyStatement />, root);
    await vi.waitFor(() =>
      expect(errorBeside(root, name)).toBe(
        `この値を確認してください。\nサーバーからの説明（英語）: ${message}`,
      ),
    );
  });

  test("an auditor reads the statement and is told only an admin changes it", async () => {
    const calls = api({ [`GET ${PATH}`]: () => json(STATED) });
    const root = renderAs("auditor", <UncertaintyStatement />);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=statement]")).not.toBeNull());
    expect(root.querySelector("form")).toBeNull();
    expect(root.querySelectorAll("input")).toHaveLength(0);
    expect(root.textContent).toContain("Only an administrator can change these figures.");
    const row = root.querySelector("tr[data-category=stationary_combustion]")!;
    expect(row.textContent).toContain(`±2% (${METER})`);
    expect(root.querySelector("tr[data-category=refrigerants]")?.textContent).toContain(
      "Not stated",
    );
    expect(calls.every((call) => call.method === "GET")).toBe(true);
    expect(root.querySelector("tr[data-category=waste]")?.textContent).toContain(
      `activity data none published; emission factor ±5% (${TABLE})`,
    );
  });

  test("an admin finds the stated figures in the form beside the published defaults", async () => {
    api({ [`GET ${PATH}`]: () => json(STATED) });
    const root = renderAs("admin", <UncertaintyStatement />);
    await vi.waitFor(() => expect(root.querySelector("form")).not.toBeNull());
    const value = (name: string): string | undefined =>
      root.querySelector<HTMLInputElement>(`[name="${field("stationary_combustion", name)}"]`)
        ?.value;
    expect(value("activity_pct")).toBe("2");
    expect(value("factor_source")).toBe(SUPPLIER);
    expect(root.textContent).not.toContain("Only an administrator");
    expect(root.querySelector('a[href="/uploads"]')).not.toBeNull();
    const hint = (category: string): string =>
      root.querySelector(`fieldset[data-category=${category}] .field-hint`)?.textContent ?? "";
    expect(hint("waste")).toBe(
      `Published default: activity data none published; emission factor ±5% (${TABLE}).`,
    );
    expect(hint("stationary_combustion")).toBe(
      "Published default: activity data none published; emission factor none published.",
    );
    setLocale("ja");
    renderAs("admin", <UncertaintyStatement />, root);
    await vi.waitFor(() =>
      expect(hint("waste")).toBe(`公表デフォルト値: 活動量 公表値なし、排出係数 ±5%（${TABLE}）。`),
    );
  });
});
