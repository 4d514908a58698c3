// `make bench` (bench/web.py) runs this against a local platform it started: the time from
// navigation to the dashboard showing the demo year's totals, and the time the same browser
// takes to fetch that year's summary JSON alone, each the median of a few runs. Written to
// FOOTPRINT_BENCH_OUT as JSON.
//
// Both times are the page's own clock. The dashboard's runs from the navigation's start to the
// first frame painted with the totals in it (a script Playwright adds before the page's own
// watches for them); the same run's wall time seen from the test (`page.goto` and a wait for
// the totals, both over the DevTools protocol) is kept beside it, as it also holds the
// protocol's round trips and the load event, which no person waits for.
import { writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { launch, openPage } from "../tests/support/browser";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_YEAR } from "../tests/support/demo";
import { totp } from "../tests/support/totp";

const RUNS = 5;
const PAGE = `/?year=${DEMO_YEAR}&gwp=AR5`;
const SUMMARY = `/v1/emissions/summary?from=${DEMO_YEAR}-01&to=${DEMO_YEAR}-12&gwp=AR5&group_by=scope`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

test("first load of the dashboard against the summary JSON alone", async () => {
  const out = process.env["FOOTPRINT_BENCH_OUT"];
  if (!out) throw new Error("FOOTPRINT_BENCH_OUT is not set: run it with `make bench`");
  const browser = await launch();
  try {
    const { page } = await openPage(browser);
    await page.goto(PAGE);
    await page.getByLabel("Work e-mail").fill(DEMO_EMAIL);
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: /^Sign in$/ }).click();
    await page.getByLabel("Code", { exact: true }).fill(totp(DEMO_TOTP_SECRET));
    await page.getByRole("button", { name: /Verify/ }).click();
    await page.locator("[data-testid=totals]").waitFor();

    await page.addInitScript(() => {
      const watch = new MutationObserver(() => {
        if (document.querySelector("[data-testid=totals]") === null) return;
        watch.disconnect();
        requestAnimationFrame(() => performance.mark("totals-shown"));
      });
      watch.observe(document, { childList: true, subtree: true });
    });

    const dashboard: number[] = [];
    const wall: number[] = [];
    const summary: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = Date.now();
      await page.goto(PAGE);
      await page.locator("[data-testid=totals]").waitFor();
      wall.push(Date.now() - started);
      const shown = await page.evaluate(
        () => performance.getEntriesByName("totals-shown")[0]?.startTime ?? NaN,
      );
      dashboard.push(shown);
      // The dashboard's other requests (its chart, breakdowns, the year before, /v1/me) done
      // first: the summary alone is timed on an idle platform, not behind them.
      await page.waitForLoadState("networkidle");
      summary.push(
        await page.evaluate(async (path) => {
          // A token of its own from the refresh cookie, then the summary alone, timed.
          const refreshed = await fetch("/v1/auth/refresh", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: "{}",
          });
          const { access_token } = (await refreshed.json()) as { access_token: string };
          const started = performance.now();
          const answer = await fetch(path, {
            headers: { Authorization: `Bearer ${access_token}` },
          });
          await answer.json();
          return performance.now() - started;
        }, SUMMARY),
      );
    }
    const result = {
      dashboard_ms: median(dashboard),
      dashboard_wall_ms: median(wall),
      summary_ms: median(summary),
    };
    expect(result.summary_ms).toBeGreaterThan(0);
    expect(result.dashboard_ms).toBeGreaterThan(0);
    writeFileSync(out, JSON.stringify(result));
  } finally {
    await browser.close();
  }
});
