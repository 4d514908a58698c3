// The screens of the signed-in app, by path. A screen with `nav` appears in the main menu.
// Patterns take `:name` segments, handed to the screen as `params`.
import type { ComponentType } from "preact";
import type { MessageKey } from "./i18n";
import { Dashboard } from "./screens/Dashboard";
import { Upload } from "./screens/Upload";
import { Uploads } from "./screens/Uploads";

export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
}

export interface Screen<Props extends ScreenProps = ScreenProps> {
  readonly pattern: string;
  readonly title: MessageKey;
  readonly nav?: MessageKey;
  readonly component: ComponentType<Props>;
}

export const SCREENS: readonly Screen[] = [
  { pattern: "/", title: "dashboard.title", nav: "nav.dashboard", component: Dashboard },
  { pattern: "/uploads", title: "uploads.title", nav: "nav.uploads", component: Uploads },
  { pattern: "/uploads/:id", title: "upload.title", component: Upload },
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

/** The first of `screens` whose pattern `path` matches, with its parameters. */
export function findScreen<S extends { readonly pattern: string }>(
  screens: readonly S[],
  path: string,
): { screen: S; params: Record<string, string> } | null {
  for (const screen of screens) {
    const params = match(screen.pattern, path);
    if (params) return { screen, params };
  }
  return null;
}

export function screenFor(path: string): { screen: Screen; params: Record<string, string> } | null {
  return findScreen(SCREENS, path);
}
