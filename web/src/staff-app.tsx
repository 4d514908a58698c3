// The staff console's shell, at /staff: its own sign-in (the staff realm's routes, password
// and TOTP always), then the header, the screens the member's role opens, and the screen the
// address names. Its session is the staff realm's (`staffAuth`), never the app's: a browser
// signed in to both holds two sessions that do not mix.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { staffAuth } from "./api/auth";
import { currentStaff } from "./api/staff";
import type { StaffMe } from "./api/types";
import { ErrorBanner } from "./components/ErrorBanner";
import { AccountMenu, LanguageSwitch, Menu } from "./components/Shell";
import { describeError } from "./describe-error";
import { type MessageKey, t, useLocale } from "./i18n";
import { Link, useLocation } from "./router";
import { findScreen, mayOpen } from "./routes";
import { NotFound } from "./screens/NotFound";
import { SignIn } from "./screens/SignIn";
import { STAFF_ROOT, STAFF_SCREENS, staffScreensFor } from "./staff-routes";

type Session =
  | { readonly status: "starting" }
  | { readonly status: "signed-out"; readonly notice?: MessageKey }
  | { readonly status: "signed-in"; readonly me: StaffMe };

export function StaffApp(): JSX.Element {
  const language = useLocale();
  const [session, setSession] = useState<Session>({ status: "starting" });
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const giveUp = (error: unknown): void => {
      setSession({ status: "signed-out" });
      setProblem(describeError(error));
    };
    staffAuth.resume().then((resumed) => {
      if (!resumed) {
        setSession({ status: "signed-out" });
        return;
      }
      currentStaff().then((me) => setSession({ status: "signed-in", me }), giveUp);
    }, giveUp);
    return staffAuth.tokens.onSessionLost(() =>
      setSession({ status: "signed-out", notice: "signIn.sessionEnded" }),
    );
  }, []);

  const leave = (everywhere: boolean): void => {
    staffAuth.signOut(everywhere).then(
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
    <div class="app app-staff" lang={language}>
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header class="app-header">
        <span class="brand">{t("staff.name")}</span>
        {session.status === "signed-in" && <Menu screens={staffScreensFor(session.me.role)} />}
        <LanguageSwitch current={language} />
        {session.status === "signed-in" && (
          <AccountMenu email={session.me.email} onSignOut={leave} />
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
            auth={staffAuth}
            whoAmI={currentStaff}
            titleKey="staff.signIn.title"
            {...(session.notice ? { notice: t(session.notice) } : {})}
            onSignedIn={(me) => {
              setProblem(null);
              setSession({ status: "signed-in", me });
            }}
          />
        )}
        {session.status === "signed-in" && <Routed me={session.me} />}
      </main>
    </div>
  );
}

function Routed(props: { me: StaffMe }): JSX.Element {
  const { path } = useLocation();
  const found = findScreen(STAFF_SCREENS, path);
  const allowed = found !== null && mayOpen(found.screen, props.me.role);
  useEffect(() => {
    const title = found && allowed ? found.screen.title : "notFound.title";
    document.title = `${t(title)} · ${t("staff.name")}`;
  });
  if (!found) return <NotFound home={STAFF_ROOT} homeLabel="staff.notFound.home" />;
  if (!allowed) {
    return (
      <section aria-labelledby="not-for-role-title">
        <h1 id="not-for-role-title">{t("staff.notForRole")}</h1>
        <p>
          <Link href={STAFF_ROOT}>{t("staff.notFound.home")}</Link>
        </p>
      </section>
    );
  }
  const Screen = found.screen.component;
  return <Screen params={found.params} me={props.me} />;
}
