// The pieces of a shell's header, shared by the app and the staff console: the menu of the
// screens a person may open, the language switch, and who is signed in with sign-out.
import type { ComponentChildren, JSX } from "preact";
import { LOCALES, type Locale, type MessageKey, setLocale, t } from "../i18n";
import { Link, useLocation } from "../router";
import { findScreen } from "../routes";

const LANGUAGE_NAMES: Record<Locale, MessageKey> = { en: "language.en", ja: "language.ja" };

/** The menu entry a path belongs to: the screen itself, or the nearest screen above it (an
 * Administration section keeps Administration marked), by the longest matching pattern. */
export function menuEntryFor(
  screens: readonly { readonly pattern: string; readonly nav?: MessageKey }[],
  path: string,
): string | null {
  const exact = findScreen(screens, path)?.screen;
  if (exact?.nav) return exact.pattern;
  const above = screens
    .filter(
      (screen) => screen.nav && screen.pattern !== "/" && path.startsWith(`${screen.pattern}/`),
    )
    .sort((a, b) => b.pattern.length - a.pattern.length);
  return above[0]?.pattern ?? null;
}

export function Menu(props: {
  screens: readonly { readonly pattern: string; readonly nav?: MessageKey }[];
}): JSX.Element {
  const { path } = useLocation();
  const current = menuEntryFor(props.screens, path);
  return (
    <nav aria-label={t("nav.label")}>
      <ul>
        {props.screens
          .filter((screen) => screen.nav)
          .map((screen) => (
            <li key={screen.pattern}>
              <Link href={screen.pattern} current={current === screen.pattern}>
                {screen.nav && t(screen.nav)}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}

export function LanguageSwitch(props: { current: Locale }): JSX.Element {
  return (
    <div class="language">
      <label for="language">{t("language.label")}</label>
      <select
        id="language"
        value={props.current}
        onChange={(event) => setLocale(event.currentTarget.value as Locale)}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(LANGUAGE_NAMES[code])}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AccountMenu(props: {
  email: string;
  onSignOut: (everywhere: boolean) => void;
  children?: ComponentChildren;
}): JSX.Element {
  return (
    <div class="account">
      <span class="account-email">{t("account.menu", { email: props.email })}</span>
      {props.children}
      <button type="button" class="button-secondary" onClick={() => props.onSignOut(false)}>
        {t("account.signOut")}
      </button>
      <button
        type="button"
        class="button-secondary"
        title={t("account.signOutEverywhereHint")}
        onClick={() => props.onSignOut(true)}
      >
        {t("account.signOutEverywhere")}
      </button>
    </div>
  );
}
