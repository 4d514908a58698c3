// Users: invite (the invitation link to hand on), change a role, disable or enable, remove;
// reset MFA, force a new password, end all sessions (UserAccountActions); each refusal of the
// API in words beside the form or the row it concerns.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import type { Invitation, Role, User } from "../../api/types";
import { ROLES } from "../../api/types";
import { changeUser, invitationLink, inviteUser, listUsers, removeUser } from "../../api/users";
import { AdminNav } from "../../components/AdminNav";
import { CopyField } from "../../components/CopyField";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { UserAccountActions } from "../../components/UserAccountActions";
import { UserPrivacyActions } from "../../components/UserPrivacyActions";
import { describeError } from "../../describe-error";
import { formatDateTime, type MessageKey, t } from "../../i18n";
import { useMe } from "../../session";
import { useLoad } from "../../use-load";
import { Confirm } from "../../components/Confirm";

const ROLE_NAMES: Record<Role, MessageKey> = {
  admin: "role.admin",
  editor: "role.editor",
  viewer: "role.viewer",
  auditor: "role.auditor",
};

const STATUS_NAMES: Record<User["status"], MessageKey> = {
  active: "users.statusActive",
  invited: "users.statusInvited",
  disabled: "users.statusDisabled",
};

export function roleName(role: Role): string {
  return t(ROLE_NAMES[role]);
}

/** A user's status in words (as the API gives it, should it be one this app does not know). */
export function statusName(status: string): string {
  return status in STATUS_NAMES ? t(STATUS_NAMES[status as User["status"]]) : status;
}

/** A refusal about one user, in words: the API's two rules first, then the general ones. */
export function userProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    if (error.details["reason"] === "last_admin") return t("users.lastAdmin");
    if (error.field === "disabled") return t("users.invitedNotDisabled");
    return t("users.changedMeanwhile");
  }
  return describeError(error);
}

/** Why the API refused an invitation's address, in words beside the e-mail field; null when
 * the refusal is not about the address. Both conflicts are the address's: taken by an
 * account, or in a domain another organisation has verified (which no invitation here can
 * change, so it says which addresses can be invited instead). */
export function invitationEmailProblem(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 409) {
    return error.details["reason"] === "domain_held_elsewhere"
      ? t("users.domainHeldElsewhere")
      : t("users.emailTaken");
  }
  return error.fields["email"] ?? null;
}

export function Users(): JSX.Element {
  const { value: users, error, setValue: setUsers, reload } = useLoad(listUsers);

  const replace = (user: User): void =>
    setUsers((users ?? []).map((each) => (each.user_id === user.user_id ? user : each)));
  const drop = (userId: string): void =>
    setUsers((users ?? []).filter((each) => each.user_id !== userId));

  return (
    <section class="admin" aria-labelledby="users-title">
      <AdminNav />
      <h1 id="users-title">{t("users.title")}</h1>
      <p class="lead">{t("users.intro")}</p>
      <InviteForm onInvited={(invitation) => setUsers([...(users ?? []), invitation.user])} />
      <h2>{t("users.listTitle")}</h2>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && users === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {users !== null && (
        <table class="users">
          <caption>{t("users.listCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.columnName")}</th>
              <th scope="col">{t("users.columnRole")}</th>
              <th scope="col">{t("users.columnStatus")}</th>
              <th scope="col">{t("users.columnActions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.user_id} user={user} onChanged={replace} onRemoved={drop} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function InviteForm(props: { onInvited: (invitation: Invitation) => void }): JSX.Element {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [invitation, setInvitation] = useState<Invitation | null>(null);

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    inviteUser(email.trim(), name.trim(), role)
      .then(
        (made) => {
          setInvitation(made);
          setEmail("");
          setName("");
          props.onInvited(made);
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  const fields = problem instanceof ApiError ? problem.fields : {};
  const emailError = invitationEmailProblem(problem);
  const unplaced = problem !== null && emailError === null && !fields["name"];

  return (
    <div class="admin-panel">
      <h2>{t("users.inviteTitle")}</h2>
      <form onSubmit={submit} class="invite-form">
        {unplaced && (
          <ErrorBanner
            message={describeError(problem, {
              email: t("users.email"),
              name: t("users.name"),
              role: t("users.role"),
            })}
          />
        )}
        <Field
          label={t("users.email")}
          type="email"
          name="email"
          autocomplete="off"
          value={email}
          onInput={setEmail}
          error={emailError}
          required
        />
        <Field
          label={t("users.name")}
          name="name"
          autocomplete="off"
          value={name}
          onInput={setName}
          error={fields["name"] ?? null}
        />
        <div class="field">
          <label for="invite-role">{t("users.role")}</label>
          <select
            id="invite-role"
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
          >
            {ROLES.map((each) => (
              <option key={each} value={each}>
                {roleName(each)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {t("users.inviteSubmit")}
        </button>
      </form>
      {invitation && (
        <div class="invitation" data-testid="invitation">
          <Notice message={t("users.invited", { email: invitation.user.email })} />
          <CopyField
            label={t("users.invitationLink")}
            value={invitationLink(invitation.invitation)}
            hint={t("users.invitationHint", {
              expires: formatDateTime(new Date(invitation.expires_at * 1000).toISOString()),
            })}
          />
        </div>
      )}
    </div>
  );
}

function UserRow(props: {
  user: User;
  onChanged: (user: User) => void;
  onRemoved: (userId: string) => void;
}): JSX.Element {
  const { user } = props;
  const me = useMe();
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // The refusal itself, worded at render, so a change of language rewords it.
  const [failure, setFailure] = useState<unknown>(null);
  const problem = failure === null ? null : userProblem(failure);
  const invited = user.status === "invited";

  const act = (work: () => Promise<void>): void => {
    setBusy(true);
    setFailure(null);
    work()
      .catch((refused: unknown) => {
        setFailure(refused);
        setRole(user.role);
      })
      .finally(() => setBusy(false));
  };
  const change = (change: { role?: Role; disabled?: boolean }): void =>
    act(async () => props.onChanged(await changeUser(user.user_id, change)));
  const remove = (): void =>
    act(async () => {
      await removeUser(user.user_id);
      props.onRemoved(user.user_id);
    });

  const roleId = `role-${user.user_id}`;
  return (
    <tr data-user={user.email}>
      <td>
        <span class="user-name">{user.name || user.email}</span>
        {user.name && <span class="user-email">{user.email}</span>}
        {me?.user_id === user.user_id && <span class="tag">{t("users.you")}</span>}
      </td>
      <td>
        <label for={roleId} class="visually-hidden">
          {t("users.roleOf", { email: user.email })}
        </label>
        <div class="inline-form">
          <select
            id={roleId}
            value={role}
            disabled={busy}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
          >
            {ROLES.map((each) => (
              <option key={each} value={each}>
                {roleName(each)}
              </option>
            ))}
          </select>
          {role !== user.role && (
            <button type="button" disabled={busy} onClick={() => change({ role })}>
              {t("users.applyRole")}
            </button>
          )}
        </div>
      </td>
      <td>
        <span data-status={user.status}>{statusName(user.status)}</span>
        {!invited && !user.mfa_enabled && <span class="user-email">{t("users.noMfa")}</span>}
      </td>
      <td>
        <div class="row-actions">
          {user.status === "active" && (
            <button
              type="button"
              class="button-secondary"
              disabled={busy}
              onClick={() => change({ disabled: true })}
            >
              {t("users.disable")}
            </button>
          )}
          {user.status === "disabled" && (
            <button
              type="button"
              class="button-secondary"
              disabled={busy}
              onClick={() => change({ disabled: false })}
            >
              {t("users.enable")}
            </button>
          )}
          {!confirming && (
            <button
              type="button"
              class="button-secondary"
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              {t(invited ? "users.cancelInvitation" : "users.remove")}
            </button>
          )}
        </div>
        {invited && !confirming && <p class="field-hint">{t("users.invitedHint")}</p>}
        {confirming && (
          <Confirm
            label={t("users.confirmLabel")}
            question={t(invited ? "users.confirmCancel" : "users.confirmRemove", {
              email: user.email,
            })}
            action={t(invited ? "users.cancelInvitation" : "users.remove")}
            keep={t("users.keep")}
            busy={busy}
            onConfirm={remove}
            onKeep={() => setConfirming(false)}
          />
        )}
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
        {!invited && <UserPrivacyActions user={user} onErased={props.onRemoved} />}
        <UserAccountActions user={user} myUserId={me?.user_id ?? null} />
      </td>
    </tr>
  );
}
