// The screens of the signed-in app, by path. A screen with `nav` appears in the main menu.
// Patterns take `:name` segments, handed to the screen as `params`.
import type { ComponentType } from "preact";
import type { MessageKey } from "./i18n";
import { Dashboard, preloadDashboard } from "./screens/Dashboard";
import { Factors } from "./screens/Factors";
import { Lines } from "./screens/Lines";
import { Reports } from "./screens/Reports";

export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
}

export interface Screen {
  readonly pattern: string;
  readonly title: MessageKey;
  readonly nav?: MessageKey;
  readonly component: ComponentType<ScreenProps>;
  /** Starts the screen's first request as soon as there is a token, before it renders; the
   * screen's own ask for the same then shares it. Settles when that request does. */
  readonly preload?: (query: URLSearchParams) => Promise<unknown>;
}

export const SCREENS: readonly Screen[] = [
  {
    pattern: "/",
    title: "dashboard.title",
    nav: "nav.dashboard",
    component: Dashboard,
    preload: preloadDashboard,
  },
  { pattern: "/lines", title: "lines.title", nav: "nav.lines", component: Lines },
  { pattern: "/reports", title: "reports.title", nav: "nav.reports", component: Reports },
  { pattern: "/factors", title: "factors.title", nav: "nav.factors", component: Factors },
];

/** The parameters of `path` under `pattern`, or null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split("/").filter(Boolean);
  const given = path.split("/").filter(Boolean);
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = given[index] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

export function screenFor(path: string): { screen: Screen; params: Record<string, string> } | null {
  for (const screen of SCREENS) {
    const params = match(screen.pattern, path);
    if (params) return { screen, params };
  }
  return null;
}
