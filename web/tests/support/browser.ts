// Headless Chromium for the browser tests: Debian's build (/usr/bin/chromium, installed by
// `make install`), never a downloaded one, at the major version these tests were written for.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
export const EXPECTED_CHROMIUM_MAJOR = 156;
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "screenshots");

// No network here but the loopback: keep Chromium from calling home at start.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** The platform the test run started (tests/browser/test_web_app.py names it). */
export function baseUrl(): string {
  const url = process.env["FOOTPRINT_WEB_URL"];
  if (!url)
    throw new Error("FOOTPRINT_WEB_URL is not set: run the browser tests with `make browser`");
  return url;
}

/** Chromium, with a fresh profile (Playwright gives each launch a new --user-data-dir). */
export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const version = browser.version();
  const major = Number(version.split(".")[0]);
  if (major !== EXPECTED_CHROMIUM_MAJOR) {
    await browser.close();
    throw new Error(
      `Chromium ${version} is installed at ${CHROMIUM}, but the browser tests pin major version ` +
        `${EXPECTED_CHROMIUM_MAJOR}: check the app in the new version, then update ` +
        `EXPECTED_CHROMIUM_MAJOR in web/tests/support/browser.ts.`,
    );
  }
  return browser;
}

/** A page that records every Content-Security-Policy violation the console reports. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cspViolations: string[];
  readonly consoleErrors: string[];
}

/** `trustAnyCertificate`: for pages of the tests' SAML IdP, served with a self-signed one. */
export async function openPage(
  browser: Browser,
  locale = "en-GB",
  options: { trustAnyCertificate?: boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    locale,
    viewport: { width: 1280, height: 900 },
    ignoreHTTPSErrors: options.trustAnyCertificate ?? false,
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) cspViolations.push(text);
    else if (message.type() === "error") consoleErrors.push(text);
  });
  return { context, page, cspViolations, consoleErrors };
}

/** A test file's browser, and the pages it opened. */
export interface FileBrowser {
  readonly browser: Browser;
  /** A new context and page (another person, or a browser of one's own) in the file's
   * browser; its CSP violations fail the test too. */
  open(locale?: string, options?: { trustAnyCertificate?: boolean }): Promise<WatchedPage>;
}

/** A test file's browser and its one watched page. */
export interface FilePage extends FileBrowser {
  readonly watched: WatchedPage;
  readonly page: Page;
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("the browser starts before the file's first test");
  return value;
}

/**
 * One browser for the tests of a file: launched before the first test, closed after the
 * last, and every test fails on a CSP violation in any page it opened. The browser is there
 * when the first test runs, not when this returns.
 */
export function browserForTests(): FileBrowser {
  let launched: Browser | undefined;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    launched = await launch();
  });
  afterAll(async () => {
    await launched?.close();
  });
  afterEach(() => {
    for (const watched of pages) expect(watched.cspViolations).toEqual([]);
  });
  return {
    get browser() {
      return started(launched);
    },
    async open(locale, options) {
      const watched = await openPage(started(launched), locale, options);
      pages.push(watched);
      return watched;
    },
  };
}

/**
 * One browser and page for the tests of a file, which run in order as one person's visit
 * (`browserForTests`, with its first page opened before the first test).
 */
export function pageForTests(): FilePage {
  const file = browserForTests();
  let first: WatchedPage | undefined;
  beforeAll(async () => {
    first = await file.open();
  });
  return {
    get browser() {
      return file.browser;
    },
    open: file.open,
    get watched() {
      return started(first);
    },
    get page() {
      return started(first).page;
    },
  };
}

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { target: readonly string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. Evaluated through the
 * DevTools protocol, so the page's CSP (rightly) does not have to allow it. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const { readFileSync } = await import("node:fs");
  await page.evaluate(readFileSync(AXE, "utf-8"));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A full-page screenshot, `<name>.<language>.png`, in the folder the README names. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const language = await page.evaluate(() => document.documentElement.lang);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.${language}.png`), fullPage: true });
}

export const LANGUAGES = ["en", "ja"] as const;

/** Switch the app's language with its own control, as a person would. */
export async function chooseLanguage(
  page: Page,
  language: (typeof LANGUAGES)[number],
): Promise<void> {
  await page.locator("#language").selectOption(language);
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, language);
}

/**
 * The checks every screen gets, in both languages: no serious or critical accessibility
 * violation, and a screenshot; the CSP violations are checked by the caller's `afterEach`.
 * Leaves the page in English.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  for (const language of LANGUAGES) {
    await chooseLanguage(page, language);
    const violations = await seriousAccessibilityViolations(page);
    if (violations.length > 0) {
      throw new Error(`${name} (${language}): ${JSON.stringify(violations, null, 2)}`);
    }
    await screenshot(page, name);
  }
  await chooseLanguage(page, "en");
}
