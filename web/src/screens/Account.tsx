// My account (every role, from the account menu): change the password, replace the recovery
// codes, see and end the sessions. A wrong current password or code comes back as a 403
// naming its field (not a 401, which would sign the person out): its words go beside it.
import type { JSX } from "preact";
import { useContext, useState } from "preact/hooks";
import {
  changePassword,
  endMySession,
  mySessions,
  newRecoveryCodes,
  recoveryCodesFile,
} from "../api/account";
import { ApiError } from "../api/errors";
import type { AccountSession } from "../api/types";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { Field } from "../components/Field";
import { describeError } from "../describe-error";
import { formatDateTime, type MessageKey, t } from "../i18n";
import { saveFile } from "../save-file";
import { SignOutContext, useMe } from "../session";
import { type Load, useLoad } from "../use-load";

/** The words the catalogue has for a refused field; the API's own (the password rules') else. */
const FIELD_WORDS: Readonly<Record<string, MessageKey>> = {
  current_password: "myAccount.wrongPassword",
  code: "myAccount.wrongCode",
};

/** Where a refusal goes: beside the field it names, or (null field) above the form. */
export function accountProblem(error: unknown): { field: string | null; message: string } {
  if (error instanceof ApiError) {
    if (error.details["reason"] === "sso_only")
      return { field: null, message: t("myAccount.ssoOnly") };
    const field = error.field;
    if (field !== null && (error.status === 400 || error.status === 403)) {
      const words = FIELD_WORDS[field];
      return { field, message: words ? t(words) : error.message };
    }
    const listed = Object.entries(error.fields)[0];
    if (error.status === 400 && listed) return { field: listed[0], message: listed[1] };
  }
  return { field: null, message: describeError(error) };
}

// The API's label for a User-Agent it recognises nothing in (footprint/domain/auth/devices.py).
const API_UNKNOWN_DEVICE = "Unknown device";

/** A session's device in words: the API's label ("Chrome on Windows": names, not words to
 * translate), or the catalogue's "unknown" for a session without one or the API's own. */
export function deviceName(session: AccountSession): string {
  return session.device === null || session.device === API_UNKNOWN_DEVICE
    ? t("myAccount.deviceUnknown")
    : session.device;
}

export function Account(): JSX.Element {
  const me = useMe();
  // A password change ends the other sessions: the list is read again.
  const sessions = useLoad(mySessions);
  return (
    <section class="account-screen" aria-labelledby="account-title">
      <h1 id="account-title">{t("myAccount.title")}</h1>
      <p class="lead">{me ? t("myAccount.intro", { email: me.email }) : t("app.loading")}</p>
      {me !== null &&
        (me.has_password ? (
          <PasswordChange onChanged={sessions.reload} />
        ) : (
          <div class="admin-panel" data-testid="sso-only">
            <h2>{t("myAccount.passwordTitle")}</h2>
            <p>{t("myAccount.ssoOnly")}</p>
          </div>
        ))}
      {me !== null && me.has_password && <RecoveryCodes />}
      <Sessions load={sessions} />
    </section>
  );
}

/** A fresh code from the authenticator app, which both forms ask for. */
function CodeField(props: {
  value: string;
  onInput: (value: string) => void;
  error: string | null;
}): JSX.Element {
  return (
    <Field
      label={t("myAccount.code")}
      name="code"
      autocomplete="one-time-code"
      inputMode="numeric"
      required
      {...props}
    />
  );
}

/** One of the password form's three: the current one, or the new one (and again). */
function PasswordField(props: {
  labelKey: MessageKey;
  name: "current_password" | "new_password" | "repeat_password";
  value: string;
  onInput: (value: string) => void;
  error: string | null;
  hint?: string;
}): JSX.Element {
  return (
    <Field
      name={props.name}
      value={props.value}
      onInput={props.onInput}
      error={props.error}
      {...(props.hint ? { hint: props.hint } : {})}
      label={t(props.labelKey)}
      type="password"
      autocomplete={props.name === "current_password" ? "current-password" : "new-password"}
      required
    />
  );
}

function PasswordChange(props: { onChanged: () => void }): JSX.Element {
  const [current, setCurrent] = useState("");
  const [code, setCode] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  const submit = (event: Event): void => {
    event.preventDefault();
    setDone(false);
    setProblem(null);
    setMismatch(next !== again);
    if (next !== again) return;
    setBusy(true);
    changePassword({ current_password: current, new_password: next, code: code.trim() })
      .then(
        () => {
          setDone(true);
          setCurrent("");
          setCode("");
          setNext("");
          setAgain("");
          props.onChanged();
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  const refused = problem === null ? null : accountProblem(problem);
  const at = (field: string): string | null =>
    refused !== null && refused.field === field ? refused.message : null;
  const placed =
    refused !== null && ["current_password", "code", "new_password"].includes(refused.field ?? "");

  return (
    <div class="admin-panel">
      <h2>{t("myAccount.passwordTitle")}</h2>
      <p class="field-hint">{t("myAccount.passwordIntro")}</p>
      <form onSubmit={submit} class="account-form" aria-label={t("myAccount.passwordTitle")}>
        {done && <Notice message={t("myAccount.passwordChanged")} />}
        {refused !== null && !placed && <ErrorBanner message={refused.message} />}
        <PasswordField
          labelKey="myAccount.currentPassword"
          name="current_password"
          value={current}
          onInput={setCurrent}
          error={at("current_password")}
        />
        <CodeField value={code} onInput={setCode} error={at("code")} />
        <PasswordField
          labelKey="myAccount.newPassword"
          name="new_password"
          hint={t("myAccount.newPasswordHint")}
          value={next}
          onInput={setNext}
          error={at("new_password")}
        />
        <PasswordField
          labelKey="myAccount.repeatPassword"
          name="repeat_password"
          value={again}
          onInput={setAgain}
          error={mismatch ? t("myAccount.mismatch") : null}
        />
        <button type="submit" disabled={busy}>
          {t("myAccount.passwordSubmit")}
        </button>
      </form>
    </div>
  );
}

function RecoveryCodes(): JSX.Element {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const [copied, setCopied] = useState(false);

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setCopied(false);
    newRecoveryCodes(code.trim())
      .then(
        (made) => {
          setCodes(made);
          setCode("");
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };
  const copy = (): void => {
    navigator.clipboard.writeText((codes ?? []).join("\n")).then(
      () => setCopied(true),
      () => setCopied(false), // no clipboard here: the list can still be selected by hand
    );
  };

  const refused = problem === null ? null : accountProblem(problem);
  return (
    <div class="admin-panel">
      <h2>{t("myAccount.recoveryTitle")}</h2>
      <p class="field-hint">{t("myAccount.recoveryIntro")}</p>
      {codes === null ? (
        <form onSubmit={submit} class="account-form" aria-label={t("myAccount.recoveryTitle")}>
          {refused !== null && refused.field !== "code" && (
            <ErrorBanner message={refused.message} />
          )}
          <CodeField
            value={code}
            onInput={setCode}
            error={refused?.field === "code" ? refused.message : null}
          />
          <button type="submit" disabled={busy}>
            {t("myAccount.recoverySubmit")}
          </button>
        </form>
      ) : (
        <div data-testid="new-recovery-codes">
          <Notice message={t("myAccount.recoveryShownOnce")} />
          <ul class="recovery-codes" aria-label={t("recovery.list")}>
            {codes.map((each) => (
              <li key={each}>
                <code>{each}</code>
              </li>
            ))}
          </ul>
          <div class="row-actions">
            <button type="button" class="button-secondary" onClick={copy}>
              {copied ? t("copy.done") : t("copy.action")}
            </button>
            <button
              type="button"
              class="button-secondary"
              onClick={() => saveFile(recoveryCodesFile(codes), "footprint-recovery-codes.txt")}
            >
              {t("myAccount.recoveryDownload")}
            </button>
            <button type="button" onClick={() => setCodes(null)}>
              {t("recovery.done")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function Sessions(props: { load: Load<readonly AccountSession[]> }): JSX.Element {
  const signOut = useContext(SignOutContext);
  const { value: sessions, error, setValue: setSessions, reload } = props.load;

  const drop = (sessionId: string): void =>
    setSessions((sessions ?? []).filter((each) => each.session_id !== sessionId));

  return (
    <div class="admin-panel">
      <h2>{t("myAccount.sessionsTitle")}</h2>
      <p class="field-hint">{t("myAccount.sessionsIntro")}</p>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && sessions === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {sessions !== null && (
        <table class="sessions">
          <caption class="visually-hidden">{t("myAccount.sessionsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("myAccount.columnDevice")}</th>
              <th scope="col">{t("myAccount.columnAddress")}</th>
              <th scope="col">{t("myAccount.columnFirstUse")}</th>
              <th scope="col">{t("myAccount.columnLastUse")}</th>
              <th scope="col">{t("users.columnActions")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <SessionRow key={session.session_id} session={session} onEnded={drop} />
            ))}
          </tbody>
        </table>
      )}
      <div class="row-actions">
        <button type="button" class="button-danger" onClick={() => signOut(true)}>
          {t("account.signOutEverywhere")}
        </button>
      </div>
      <p class="field-hint">{t("account.signOutEverywhereHint")}</p>
    </div>
  );
}

function SessionRow(props: {
  session: AccountSession;
  onEnded: (sessionId: string) => void;
}): JSX.Element {
  const { session } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const end = (): void => {
    setBusy(true);
    setProblem(null);
    endMySession(session.session_id).then(
      () => props.onEnded(session.session_id),
      (failure: unknown) => {
        setProblem(describeError(failure));
        setBusy(false);
      },
    );
  };
  return (
    <tr data-session={session.session_id} data-current={session.current ? "true" : undefined}>
      <td>{deviceName(session)}</td>
      <td>{session.source_ip}</td>
      <td>{formatDateTime(session.created_at)}</td>
      <td>{formatDateTime(session.last_used_at)}</td>
      <td>
        {session.current ? (
          <span class="tag">{t("myAccount.thisSession")}</span>
        ) : (
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            aria-label={t("myAccount.endLabel", { device: deviceName(session) })}
            onClick={end}
          >
            {t("myAccount.end")}
          </button>
        )}
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
      </td>
    </tr>
  );
}
