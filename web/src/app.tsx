// The shell: sign-in until there is a session, then the header, the menu and the screen the
// address names. Losing the session shows sign-in in place, so the address (the page the
// person was on) is kept and comes back once they have signed in again.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { currentUser, resume, signOut } from "./api/auth";
import { ApiError } from "./api/errors";
import { onSessionLost } from "./api/tokens";
import type { Me } from "./api/types";
import { ErrorBanner } from "./components/ErrorBanner";
import { describeError } from "./describe-error";
import { LOCALES, type Locale, type MessageKey, setLocale, t, useLocale } from "./i18n";
import { Link, useLocation } from "./router";
import { SCREENS, screenFor } from "./routes";
import { NotFound } from "./screens/NotFound";
import { SignIn } from "./screens/SignIn";

// Signed in with `me` still null while /v1/me answers: the screen's own requests go out at
// the same time, so a returning person sees their page one round trip sooner.
type Session =
  | { readonly status: "starting" }
  | { readonly status: "signed-out"; readonly notice?: MessageKey }
  | { readonly status: "signed-in"; readonly me: Me | null };

/** Words for a failure to resume: a 403 on /v1/me is the tenant's IP allowlist. */
function resumeProblem(error: unknown): string {
  return error instanceof ApiError && error.status === 403
    ? t("signIn.ipRefused")
    : describeError(error);
}

// A returning person's session is asked for as soon as the script runs, not after the first
// render: the refresh is the first step of every page load.
const resuming = resume();
resuming.catch(() => undefined); // handled in App; kept from being reported before it mounts

const LANGUAGE_NAMES: Record<Locale, MessageKey> = { en: "language.en", ja: "language.ja" };

export function App(): JSX.Element {
  const language = useLocale();
  const [session, setSession] = useState<Session>({ status: "starting" });
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const giveUp = (error: unknown): void => {
      setSession({ status: "signed-out" });
      setProblem(resumeProblem(error));
    };
    resuming.then((resumed) => {
      if (!resumed) {
        setSession({ status: "signed-out" });
        return;
      }
      // The screen's first request goes out the moment there is a token, and /v1/me after
      // it has answered: the figures a person came for are not kept waiting by the account.
      const found = screenFor(window.location.pathname);
      const query = new URLSearchParams(window.location.search);
      const first = found?.screen.preload?.(query) ?? Promise.resolve();
      setSession({ status: "signed-in", me: null });
      first
        .catch(() => undefined) // the screen shows its own failure
        .then(() => currentUser())
        .then((me) => setSession({ status: "signed-in", me }), giveUp);
    }, giveUp);
    // A request still in flight when the person signs out is refused too: that is not a lost
    // session, and must not replace the words saying they signed out.
    return onSessionLost(() =>
      setSession((now) =>
        now.status === "signed-in" ? { status: "signed-out", notice: "signIn.sessionEnded" } : now,
      ),
    );
  }, []);

  const leave = (everywhere: boolean): void => {
    signOut(everywhere).then(
      () =>
        setSession({
          status: "signed-out",
          notice: everywhere ? "signIn.signedOutEverywhere" : "signIn.signedOut",
        }),
      (error: unknown) => {
        setSession({ status: "signed-out" });
        setProblem(describeError(error));
      },
    );
  };

  return (
    <div class="app" lang={language}>
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header class="app-header">
        <span class="brand">{t("app.name")}</span>
        {session.status === "signed-in" && <Menu />}
        <LanguageSwitch current={language} />
        {session.status === "signed-in" && session.me && (
          <Account me={session.me} onSignOut={leave} />
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {problem !== null && <ErrorBanner message={problem} />}
        {session.status === "starting" && (
          <p class="loading" role="status">
            {t("app.loading")}
          </p>
        )}
        {session.status === "signed-out" && (
          <SignIn
            {...(session.notice ? { notice: t(session.notice) } : {})}
            onSignedIn={(me) => {
              setProblem(null);
              setSession({ status: "signed-in", me });
            }}
          />
        )}
        {session.status === "signed-in" && <Routed />}
      </main>
    </div>
  );
}

function Routed(): JSX.Element {
  const { path } = useLocation();
  const found = screenFor(path);
  useEffect(() => {
    document.title = found
      ? `${t(found.screen.title)} · ${t("app.name")}`
      : `${t("notFound.title")} · ${t("app.name")}`;
  });
  if (!found) return <NotFound />;
  const Screen = found.screen.component;
  return <Screen params={found.params} />;
}

function Menu(): JSX.Element {
  const { path } = useLocation();
  return (
    <nav aria-label={t("nav.label")}>
      <ul>
        {SCREENS.filter((screen) => screen.nav).map((screen) => (
          <li key={screen.pattern}>
            <Link href={screen.pattern} current={screenFor(path)?.screen === screen}>
              {t(screen.nav as MessageKey)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function LanguageSwitch(props: { current: Locale }): JSX.Element {
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

function Account(props: { me: Me; onSignOut: (everywhere: boolean) => void }): JSX.Element {
  return (
    <div class="account">
      <span class="account-email">{t("account.menu", { email: props.me.email })}</span>
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
