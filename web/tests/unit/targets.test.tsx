// Reduction targets: whether the latest year is on track, in words in either language; the
// pathway year by year; who may set and delete a target; a refusal beside its field.
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Target, TargetProgress } from "../../src/api/types";
import { setLocale } from "../../src/i18n";
import { progressWords, signedTonnes, Targets, termsWords } from "../../src/screens/Targets";
import { api, buttons, check, errorBeside, json, press, renderAs, submit, type } from "./fake-api";

// uPlot draws on a canvas, which happy-dom has not: the chart's drawing is recorded instead.
const drawn = vi.hoisted(() => [] as unknown[][]);
vi.mock("../../src/components/trend-plot", () => ({
  drawTrend: (...args: unknown[]) => {
    drawn.push(args);
    return { resize: () => undefined, destroy: () => undefined };
  },
}));

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

const TARGET: Target = {
  target_id: "0123456789abcdef01234567",
  name: "Near-term",
  scopes: [1, 2],
  scope2_method: "market",
  base_year: 2020,
  target_year: 2030,
  reduction_pct: 42,
  created_at: "2026-12-01T09:00:00Z",
  created_by: "u-me",
};

/** From 1000 t in 2020, -42 % by 2030 (docs/inventory-management.md's example): 2025's
 * pathway is 790 t; `actual2025` t published then, nothing in 2026. */
function progress(actual2025: number | null): TargetProgress {
  const pathway = (year: number): number => 1_000_000 * (1 - (0.42 * (year - 2020)) / 10);
  const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026].map((year) => {
    const actual =
      year === 2020 ? 1_000_000 : year === 2025 && actual2025 !== null ? actual2025 * 1000 : null;
    return {
      year,
      pathway_co2e_kg: pathway(year),
      actual_co2e_kg: actual,
      gap_co2e_kg: actual === null ? null : actual - pathway(year),
    };
  });
  const latest = actual2025 === null ? 2020 : 2025;
  const row = years.find((year) => year.year === latest)!;
  return {
    target: TARGET,
    gwp_set: "AR5",
    base_year_co2e_kg: 1_000_000,
    years,
    latest_year: latest,
    on_track: (row.actual_co2e_kg ?? 0) <= row.pathway_co2e_kg,
  };
}

describe("progress in words", () => {
  test("at or under the pathway is on track, above it off track, with the gap signed", () => {
    expect(progressWords(progress(780))).toBe(
      "On track: in 2025, published emissions were 780.0 t CO2e, at or under the pathway's 790.0 t (gap -10.0 t).",
    );
    expect(progressWords(progress(800))).toBe(
      "Off track: in 2025, published emissions were 800.0 t CO2e, above the pathway's 790.0 t (gap +10.0 t).",
    );
    expect(signedTonnes(0)).toBe("0.0");
    setLocale("ja");
    expect(progressWords(progress(800))).toMatch(/^遅れています。2025 年の公開済み排出量は 800\.0/);
    expect(progressWords(progress(780))).toMatch(/^順調です。/);
  });

  test("nothing published for any year of the target says so", () => {
    const empty: TargetProgress = {
      ...progress(null),
      years: [],
      latest_year: null,
      on_track: null,
    };
    expect(progressWords(empty)).toMatch(/^Nothing is published yet/);
  });

  test("a target's terms name Scope 2's method only when Scope 2 is covered", () => {
    expect(termsWords(TARGET)).toBe(
      "42% less by 2030 than in 2020, covering Scope 1 and Scope 2. Scope 2 is counted market-based.",
    );
    expect(termsWords({ ...TARGET, scopes: [1, 3], reduction_pct: 12.5 })).toBe(
      "12.5% less by 2030 than in 2020, covering Scope 1 and Scope 3.",
    );
    setLocale("ja");
    expect(termsWords({ ...TARGET, scope2_method: "location" })).toBe(
      "2030 年までに 2020 年比 42% 削減（対象: スコープ 1、スコープ 2）。スコープ 2 はロケーション基準で算定します。",
    );
  });
});

describe("the targets screen", () => {
  test("each target's pathway and published emissions year by year, and its verdict", async () => {
    const calls = api({
      "GET /v1/targets": () => json({ targets: [TARGET] }),
      [`GET /v1/targets/${TARGET.target_id}/progress`]: () => json(progress(800)),
    });
    const root = renderAs("viewer", <Targets />);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=on-track]")).not.toBeNull());
    const verdict = root.querySelector("[data-testid=on-track]")!;
    expect(verdict.getAttribute("data-state")).toBe("off-track");
    expect(verdict.textContent).toMatch(/^Off track: in 2025/);
    const rows = [...root.querySelectorAll(`[data-target="${TARGET.target_id}"] tbody tr`)].map(
      (row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent),
    );
    expect(rows[5]).toEqual(["2025", "790.0", "800.0", "+10.0"]);
    expect(rows[6]).toEqual(["2026", "748.0", "No data", ""]);
    expect(calls.find((call) => call.path.endsWith("/progress"))?.query).toBe("?gwp=AR5");
    // The chart: the published totals as bars (none where nothing is published), the pathway
    // as a line over them, in t.
    await vi.waitFor(() => expect(drawn.length).toBeGreaterThan(0));
    const [, labels, series] = drawn.at(-1)!;
    expect(labels).toEqual(["2020", "2021", "2022", "2023", "2024", "2025", "2026"]);
    expect(series).toEqual([
      expect.objectContaining({
        label: "Published",
        values: [1000, null, null, null, null, 800, null],
      }),
      expect.objectContaining({ label: "Pathway", line: true }),
    ]);

    type(root, "gwp", "AR6");
    await vi.waitFor(() => expect(calls.at(-1)?.query).toBe("?gwp=AR6"));
  });

  test("a viewer reads targets but is told why there is no form and no delete", async () => {
    api({
      "GET /v1/targets": () => json({ targets: [TARGET] }),
      [`GET /v1/targets/${TARGET.target_id}/progress`]: () => json(progress(780)),
    });
    const root = renderAs("viewer", <Targets />);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=on-track]")).not.toBeNull());
    expect(root.querySelector("[data-testid=new-target]")).toBeNull();
    expect(root.querySelector("[data-testid=targets-read-only]")?.textContent).toMatch(
      /Only an administrator/,
    );
    expect(buttons(root)).not.toContain("Delete");
  });

  test("an admin's new target is sent with its scopes; a refusal goes beside the field it names", async () => {
    const refusal = {
      error: {
        code: "invalid_input",
        message: "target_year must be after base_year",
        details: { field: "target_year" },
      },
    };
    const calls = api({
      "GET /v1/targets": () => json({ targets: [] }),
      "POST /v1/targets": (body) =>
        (body as { target_year: number }).target_year <= 2020
          ? json(refusal, 400)
          : json({ ...TARGET, ...(body as object) }, 201),
      [`GET /v1/targets/${TARGET.target_id}/progress`]: () => json(progress(780)),
    });
    const root = renderAs("admin", <Targets />);
    await vi.waitFor(() => expect(root.textContent).toContain("No targets yet."));
    const form = root.querySelector("[data-testid=new-target]")!;
    type(form, "name", "Near-term");
    check(form, "#target-scope-3");
    check(form, "#target-scope-1", false);
    type(form, "base_year", "2020");
    type(form, "target_year", "2019");
    type(form, "reduction_pct", "42");
    await submit(form);
    await vi.waitFor(() =>
      expect(errorBeside(form, "target_year")).toBe("target_year must be after base_year"),
    );
    expect(errorBeside(form, "base_year")).toBeNull();
    expect(calls.at(-1)?.body).toEqual({
      name: "Near-term",
      scopes: [2, 3],
      scope2_method: "market",
      base_year: 2020,
      target_year: 2019,
      reduction_pct: 42,
    });

    type(form, "target_year", "2030");
    await submit(form);
    await vi.waitFor(() =>
      expect(root.querySelector(`[data-target="${TARGET.target_id}"]`)).not.toBeNull(),
    );
    expect(errorBeside(form, "target_year")).toBeNull();
  });

  test("an admin deletes a target only after confirming it", async () => {
    const calls = api({
      "GET /v1/targets": () => json({ targets: [TARGET] }),
      [`GET /v1/targets/${TARGET.target_id}/progress`]: () => json(progress(780)),
      [`DELETE /v1/targets/${TARGET.target_id}`]: () => new Response(null, { status: 204 }),
    });
    const root = renderAs("admin", <Targets />);
    await vi.waitFor(() => expect(buttons(root)).toContain("Delete"));
    press(root, "Delete");
    await vi.waitFor(() => expect(root.querySelector(".confirm")).not.toBeNull());
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    expect(root.querySelector(".confirm")?.textContent).toContain("Delete the target Near-term?");
    press(root.querySelector(".confirm")!, "Delete");
    await vi.waitFor(() => expect(root.textContent).toContain("No targets yet."));
    expect(calls.filter((call) => call.method === "DELETE")).toHaveLength(1);
  });
});
