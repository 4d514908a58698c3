// The shell: sign-in until there is a session, then the header, the menu and the screen the
// address names. Losing the session shows sign-in in place, so the address (the page the
// person was on) is kept and comes back once they have signed in again.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { currentUser, tenantAuth } from "./api/auth";
import { ApiError } from "./api/errors";
import { exchangeCode, returnPath, signInWithSso } from "./api/sso";
import { landing, resuming } from "./boot";
import type { Me } from "./api/types";
import { INVITATION_PATH } from "./api/users";
import { ErrorBanner, Notice } from "./components/ErrorBanner";
import { AccountMenu, LanguageSwitch, Menu } from "./components/Shell";
import { MyPersonalData } from "./components/UserPrivacyActions";
import { describeError, describeSsoRefusal } from "./describe-error";
import { type MessageKey, t, useLocale } from "./i18n";
import { Link, navigate, useLocation } from "./router";
import { ACCOUNT_PATH, mayOpen, SCREENS, screenFor } from "./routes";
import { MeContext, SignOutContext, useMe } from "./session";
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

interface Failure {
  readonly error: unknown;
  readonly words: (error: unknown) => string;
}

export function App(): JSX.Element {
  const language = useLocale();
  const { path } = useLocation();
  const [session, setSession] = useState<Session>({ status: "starting" });
  // The failure, put into words at each render: a change of language re-words it.
  const [problem, setProblem] = useState<Failure | null>(null);

  useEffect(() => {
    const giveUp = (error: unknown): void => {
      setSession({ status: "signed-out" });
      setProblem({ error, words: resumeProblem });
    };
    const signedIn = (): void => {
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
    };
    const ssoRefused = (error: unknown): void => {
      setSession({ status: "signed-out" });
      setProblem({ error, words: describeSsoRefusal });
    };
    if (landing?.kind === "start") {
      signInWithSso(landing.organisation, returnPath()).catch(ssoRefused);
    } else if (landing?.kind === "error") {
      ssoRefused(landing.code);
    } else if (landing?.kind === "code") {
      exchangeCode(landing.code).then(signedIn, ssoRefused);
    } else {
      resuming.then(
        (resumed) => (resumed ? signedIn() : setSession({ status: "signed-out" })),
        giveUp,
      );
    }
    // A request still in flight when the person signs out is refused too: that is not a lost
    // session, and must not replace the words saying they signed out.
    return tenantAuth.tokens.onSessionLost(() =>
      setSession((now) =>
        now.status === "signed-in" ? { status: "signed-out", notice: "signIn.sessionEnded" } : now,
      ),
    );
  }, []);

  const leave = (everywhere: boolean): void => {
    tenantAuth.signOut(everywhere).then(
      () =>
        setSession({
          status: "signed-out",
          notice: everywhere ? "signIn.signedOutEverywhere" : "signIn.signedOut",
        }),
      (error: unknown) => {
        setSession({ status: "signed-out" });
        setProblem({ error, words: describeError });
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
        {session.status === "signed-in" && (
          <Menu screens={SCREENS.filter((screen) => mayOpen(screen, session.me?.role ?? null))} />
        )}
        <LanguageSwitch current={language} />
        {session.status === "signed-in" && session.me && (
          <AccountMenu email={session.me.email} onSignOut={leave}>
            <Link href={ACCOUNT_PATH} current={path === ACCOUNT_PATH}>
              {t("myAccount.link")}
            </Link>
            <MyPersonalData />
          </AccountMenu>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {problem !== null && <ErrorBanner message={problem.words(problem.error)} />}
        {session.status === "starting" && (
          <p class="loading" role="status">
            {t("app.loading")}
          </p>
        )}
        {session.status === "signed-out" && (
          <SignIn
            auth={tenantAuth}
            whoAmI={currentUser}
            sso
            {...(session.notice ? { notice: t(session.notice) } : {})}
            {...(path === INVITATION_PATH ? { invitation: window.location.hash.slice(1) } : {})}
            onSignedIn={(me) => {
              setProblem(null);
              setSession({ status: "signed-in", me });
              if (path === INVITATION_PATH) navigate("/", { replace: true });
            }}
          />
        )}
        {session.status === "signed-in" && (
          <MeContext.Provider value={session.me}>
            <SignOutContext.Provider value={leave}>
              <Routed />
            </SignOutContext.Provider>
          </MeContext.Provider>
        )}
      </main>
    </div>
  );
}

function Routed(): JSX.Element {
  const { path } = useLocation();
  const me = useMe();
  const found = screenFor(path);
  useEffect(() => {
    document.title = found
      ? `${t(found.screen.title)} · ${t("app.name")}`
      : `${t("notFound.title")} · ${t("app.name")}`;
  });
  if (path === INVITATION_PATH) return <Notice message={t("invitation.signedIn")} />;
  if (!found) return <NotFound />;
  if (found.screen.roles && me === null) {
    return (
      <p class="loading" role="status">
        {t("app.loading")}
      </p>
    );
  }
  if (!mayOpen(found.screen, me?.role ?? null))
    return <ErrorBanner message={t("error.forbidden")} />;
  const Screen = found.screen.component;
  return <Screen params={found.params} />;
}
