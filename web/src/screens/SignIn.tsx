// Sign-in: e-mail and password, then each challenge the API asks for (a new password, setting
// up an authenticator, a code), then the recovery codes once when MFA was just set up. Or, in
// the app, single sign-on: the organisation's ID, then its identity provider (src/api/sso.ts);
// and an invitee starts instead with their invitation and a first password of their own.
// The same screen signs in to the app and to the staff console, each realm through its own API.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import {
  type Challenge,
  type ChallengeAnswer,
  redeemInvitation,
  type SignInApi,
} from "../api/auth";
import { ApiError } from "../api/errors";
import { returnPath, signInWithSso } from "../api/sso";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { Field } from "../components/Field";
import { QrCode } from "../components/QrCode";
import { describeError, lockMinutes } from "../describe-error";
import { type MessageKey, t } from "../i18n";

type Step<Who> =
  | { readonly kind: "credentials" }
  | { readonly kind: "sso" }
  | { readonly kind: "invitation"; readonly invitation: string }
  | { readonly kind: "challenge"; readonly challenge: Challenge }
  | { readonly kind: "recovery"; readonly codes: readonly string[]; readonly who: Who };

interface Problem {
  readonly message: string;
  readonly field: string | null;
}

/** The otpauth URI's secret, shown as text for typing into an app that cannot scan. */
export function secretOf(otpauthUri: string): string {
  return new URL(otpauthUri).searchParams.get("secret") ?? "";
}

/** Groups of four characters, as authenticator apps show keys. */
export function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

type ProblemStep = Step<unknown>["kind"] | Challenge["challenge"];

function problemOf(error: unknown, step: ProblemStep): Problem {
  if (error instanceof ApiError) {
    if (error.status === 423) {
      return { message: t("signIn.locked", { minutes: lockMinutes(error) }), field: null };
    }
    if (error.status === 403) return { message: t("signIn.ipRefused"), field: null };
    if (error.status === 401 && step === "credentials") {
      return { message: t("signIn.badCredentials"), field: null };
    }
    if (error.status === 404 && step === "sso") {
      return { message: t("sso.unknownOrganisation"), field: "organisation" };
    }
    if (error.status === 401) return { message: t("mfa.refused"), field: "code" };
    if (error.status === 404 && step === "invitation") {
      return { message: t("invitation.invalid"), field: null };
    }
    if (error.status === 400 && error.field) {
      return { message: error.fields[error.field] ?? error.message, field: error.field };
    }
  }
  return { message: describeError(error), field: null };
}

export interface SignInProps<Who> {
  /** The realm's sign-in routes, and who signed in (read once the tokens are held). */
  readonly auth: SignInApi;
  readonly whoAmI: () => Promise<Who>;
  readonly onSignedIn: (who: Who) => void;
  readonly notice?: string;
  /** The first step's heading: "Sign in" unless the realm names itself. */
  readonly titleKey?: MessageKey;
  /** Whether single sign-on is offered (tenants' people; staff sign in by password only). */
  readonly sso?: boolean;
  /** A tenant's invitation to redeem (from the link an admin sent). */
  readonly invitation?: string;
}

export function SignIn<Who>(props: SignInProps<Who>): JSX.Element {
  const { auth } = props;
  const [step, setStep] = useState<Step<Who>>(
    props.invitation
      ? { kind: "invitation", invitation: props.invitation }
      : { kind: "credentials" },
  );
  const [email, setEmail] = useState("");
  const [organisation, setOrganisation] = useState("");
  const [secretInput, setSecretInput] = useState(""); // password, new password or code
  // The failure, put into words at each render: a change of language re-words it.
  const [failure, setFailure] = useState<{ error: unknown; step: ProblemStep } | null>(null);
  const problem = failure && problemOf(failure.error, failure.step);
  const [busy, setBusy] = useState(false);

  const startAgain = (): void => {
    setStep({ kind: "credentials" });
    setSecretInput("");
    setFailure(null);
  };

  const run = async (work: () => Promise<void>, kind: ProblemStep): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure({ error, step: kind });
    } finally {
      setBusy(false);
    }
  };

  const submitCredentials = (event: Event): void => {
    event.preventDefault();
    void run(async () => {
      const challenge = await auth.login(email.trim(), secretInput);
      setSecretInput("");
      setStep({ kind: "challenge", challenge });
    }, "credentials");
  };

  const chooseSso = (): void => {
    setStep({ kind: "sso" });
    setSecretInput("");
    setFailure(null);
  };

  const submitOrganisation = (event: Event): void => {
    event.preventDefault();
    // On success the browser leaves for the IdP: the button stays busy until it has.
    setBusy(true);
    setFailure(null);
    signInWithSso(organisation.trim(), returnPath()).catch((error: unknown) => {
      setFailure({ error, step: "sso" });
      setBusy(false);
    });
  };

  const submitInvitation = (invitation: string) => (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const challenge = await redeemInvitation(invitation, secretInput);
      setSecretInput("");
      setStep({ kind: "challenge", challenge });
    }, "invitation");
  };

  const submitChallenge = (challenge: Challenge) => (event: Event) => {
    event.preventDefault();
    const reply: ChallengeAnswer =
      challenge.challenge === "NEW_PASSWORD"
        ? { new_password: secretInput }
        : { code: secretInput.replace(/\s/g, "") };
    void run(async () => {
      const next = await auth.answer(challenge.session, reply);
      setSecretInput("");
      if ("challenge" in next) {
        setStep({ kind: "challenge", challenge: next });
        return;
      }
      const who = await props.whoAmI();
      if (next.recoveryCodes.length > 0)
        setStep({ kind: "recovery", codes: next.recoveryCodes, who });
      else props.onSignedIn(who);
    }, challenge.challenge);
  };

  const fieldError = (name: string): string | null =>
    problem && problem.field === name ? problem.message : null;
  const banner = problem && problem.field === null && <ErrorBanner message={problem.message} />;

  let title: string;
  let body: JSX.Element;
  if (step.kind === "credentials") {
    title = t(props.titleKey ?? "signIn.title");
    body = (
      <form onSubmit={submitCredentials}>
        {props.notice && !problem && <Notice message={props.notice} />}
        {banner}
        <Field
          label={t("signIn.email")}
          type="email"
          name="email"
          autocomplete="username"
          value={email}
          onInput={setEmail}
          required
          autofocus
        />
        <Field
          label={t("signIn.password")}
          type="password"
          name="password"
          autocomplete="current-password"
          value={secretInput}
          onInput={setSecretInput}
          required
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? t("signIn.working") : t("signIn.submit")}
          </button>
          {props.sso && (
            <button type="button" class="button-secondary" onClick={chooseSso}>
              {t("sso.choose")}
            </button>
          )}
        </div>
      </form>
    );
  } else if (step.kind === "sso") {
    title = t("sso.signInTitle");
    body = (
      <form onSubmit={submitOrganisation}>
        {banner}
        <p>{t("sso.signInIntro")}</p>
        <Field
          label={t("sso.organisation")}
          hint={t("sso.organisationHint")}
          name="organisation"
          autocomplete="organization"
          value={organisation}
          onInput={setOrganisation}
          error={fieldError("organisation")}
          required
          autofocus
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? t("sso.working") : t("sso.submit")}
          </button>
          <button type="button" class="button-secondary" onClick={startAgain}>
            {t("sso.usePassword")}
          </button>
        </div>
      </form>
    );
  } else if (step.kind === "invitation") {
    title = t("invitation.title");
    body = (
      <form onSubmit={submitInvitation(step.invitation)}>
        {banner}
        <p>{t("invitation.intro")}</p>
        <Field
          label={t("newPassword.label")}
          type="password"
          name="new_password"
          autocomplete="new-password"
          value={secretInput}
          onInput={setSecretInput}
          error={fieldError("new_password")}
          required
          autofocus
        />
        <button type="submit" disabled={busy}>
          {t("invitation.submit")}
        </button>
      </form>
    );
  } else if (step.kind === "challenge") {
    const challenge = step.challenge;
    const isPassword = challenge.challenge === "NEW_PASSWORD";
    title = t(
      isPassword
        ? "newPassword.title"
        : challenge.challenge === "MFA_SETUP"
          ? "mfaSetup.title"
          : "mfa.title",
    );
    const uri = challenge.otpauth_uri;
    body = (
      <form onSubmit={submitChallenge(challenge)}>
        {banner}
        {isPassword && <p>{t("newPassword.intro")}</p>}
        {challenge.challenge === "MFA_SETUP" && uri && (
          <div class="mfa-setup">
            <p>{t("mfaSetup.intro")}</p>
            <QrCode text={uri} label={t("mfaSetup.qr")} />
            <p>
              {t("mfaSetup.secret")} <code class="secret">{grouped(secretOf(uri))}</code>
            </p>
          </div>
        )}
        {challenge.challenge === "MFA" && <p>{t("mfa.intro")}</p>}
        <Field
          label={t(isPassword ? "newPassword.label" : "mfa.code")}
          type={isPassword ? "password" : "text"}
          name={isPassword ? "new_password" : "code"}
          autocomplete={isPassword ? "new-password" : "one-time-code"}
          inputMode={isPassword ? "text" : "numeric"}
          value={secretInput}
          onInput={setSecretInput}
          error={fieldError(isPassword ? "new_password" : "code")}
          required
          autofocus
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t(isPassword ? "newPassword.submit" : "mfa.submit")}
          </button>
          <button type="button" class="button-secondary" onClick={startAgain}>
            {t("signIn.startAgain")}
          </button>
        </div>
      </form>
    );
  } else {
    const { codes, who } = step;
    title = t("recovery.title");
    body = (
      <div>
        <p>{t("recovery.intro")}</p>
        <ul class="recovery-codes" aria-label={t("recovery.list")}>
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => props.onSignedIn(who)}>
          {t("recovery.done")}
        </button>
      </div>
    );
  }

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{title}</h1>
      {body}
    </section>
  );
}
