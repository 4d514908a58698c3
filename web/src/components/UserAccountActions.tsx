// An admin's actions on another user's account: reset their MFA, make them choose a new
// password, end all their sessions. Each is confirmed first and answers beside the row. The
// API refuses them on the admin's own account (they use My account), so that row has none.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { User } from "../api/types";
import { type AccountAction, actOnAccount } from "../api/users";
import { describeError } from "../describe-error";
import { type MessageKey, t } from "../i18n";
import { Confirm } from "./Confirm";

interface ActionWords {
  readonly button: MessageKey;
  readonly confirm: MessageKey;
  readonly done: MessageKey;
}

const WORDS: Readonly<Record<AccountAction, ActionWords>> = {
  "mfa-reset": {
    button: "users.resetMfa",
    confirm: "users.confirmResetMfa",
    done: "users.mfaReset",
  },
  "password-reset": {
    button: "users.forcePasswordReset",
    confirm: "users.confirmPasswordReset",
    done: "users.passwordResetForced",
  },
  "end-sessions": {
    button: "users.endSessions",
    confirm: "users.confirmEndSessions",
    done: "users.sessionsEnded",
  },
};

/** The actions a user's row offers: none on one's own or an invitee's; no password reset
 * for someone who signs in only through SSO (the API refuses it: there is none). */
export function accountActionsFor(user: User, myUserId: string | null): readonly AccountAction[] {
  if (user.user_id === myUserId || user.status === "invited") return [];
  return user.has_password
    ? ["mfa-reset", "password-reset", "end-sessions"]
    : ["mfa-reset", "end-sessions"];
}

export function UserAccountActions(props: {
  user: User;
  myUserId: string | null;
}): JSX.Element | null {
  const { user } = props;
  const [confirming, setConfirming] = useState<AccountAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const actions = accountActionsFor(user, props.myUserId);
  if (actions.length === 0) return null;

  const act = (action: AccountAction): void => {
    setBusy(true);
    setResult(null);
    actOnAccount(user.user_id, action)
      .then(
        () => setResult({ ok: true, message: t(WORDS[action].done, { email: user.email }) }),
        (failure: unknown) => setResult({ ok: false, message: describeError(failure) }),
      )
      .finally(() => {
        setBusy(false);
        setConfirming(null);
      });
  };

  return (
    <div class="account-actions">
      {confirming === null && (
        <div class="row-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              class="button-secondary"
              disabled={busy}
              onClick={() => {
                setResult(null);
                setConfirming(action);
              }}
            >
              {t(WORDS[action].button)}
            </button>
          ))}
        </div>
      )}
      {confirming !== null && (
        <Confirm
          label={t("users.confirmLabel")}
          question={t(WORDS[confirming].confirm, { email: user.email })}
          action={t(WORDS[confirming].button)}
          keep={t("users.keep")}
          busy={busy}
          onConfirm={() => act(confirming)}
          onKeep={() => setConfirming(null)}
        />
      )}
      {result !== null &&
        (result.ok ? (
          <p class="field-hint" role="status">
            {result.message}
          </p>
        ) : (
          <p class="field-error" role="alert">
            {result.message}
          </p>
        ))}
    </div>
  );
}
