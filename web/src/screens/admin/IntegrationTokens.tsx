// Integration tokens: the credentials of the tenant's own systems (an ERP export, a nightly
// script), made and revoked by its admins. A token's value is in the answer that makes it and
// nowhere else (the API keeps a digest), so this screen shows it once, with how to use it,
// and forgets it; the list tells each token's state and use, never its value.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import {
  bearerExample,
  createIntegrationToken,
  listIntegrationTokens,
  revokeIntegrationToken,
} from "../../api/integration-tokens";
import {
  type IntegrationToken,
  MAX_TOKEN_DAYS,
  MAX_TOKEN_NAME,
  type NewIntegrationToken,
  type NewIntegrationTokenRequest,
  TOKEN_ROLES,
  type TokenRole,
  type TokenState,
} from "../../api/types";
import { listUsers } from "../../api/users";
import { AdminNav } from "../../components/AdminNav";
import { CopyField } from "../../components/CopyField";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Field, SelectField } from "../../components/Field";
import { describeError } from "../../describe-error";
import { formatDateTime, type MessageKey, t } from "../../i18n";
import { useLoad } from "../../use-load";
import { roleName } from "./Users";
import { Confirm } from "../../components/Confirm";

/** Words said when shown, so that a change of language reaches them. */
type Say = () => string;

const STATE_NAMES: Record<TokenState, MessageKey> = {
  active: "tokens.stateActive",
  expired: "tokens.stateExpired",
  revoked: "tokens.stateRevoked",
};

export interface TokenForm {
  readonly name: string;
  readonly role: TokenRole;
  readonly expires_in_days: string;
}

type FormField = keyof TokenForm;
export type TokenProblems = Partial<Record<FormField, Say>>;

const EMPTY: TokenForm = { name: "", role: "viewer", expires_in_days: "90" };

const SAY: Record<FormField, Say> = {
  name: () => t("tokens.nameRange", { max: MAX_TOKEN_NAME }),
  role: () => t("tokens.roleRange"),
  expires_in_days: () => t("tokens.daysRange", { max: MAX_TOKEN_DAYS }),
};

/** The request the form makes, or what to fix first, field by field: the API's own limits,
 * checked here so that a slip is named before anything is sent. */
export function checkToken(
  form: TokenForm,
): { readonly request: NewIntegrationTokenRequest } | { readonly problems: TokenProblems } {
  const problems: TokenProblems = {};
  const name = form.name.trim();
  if (name.length === 0 || name.length > MAX_TOKEN_NAME) problems.name = SAY.name;
  if (!TOKEN_ROLES.includes(form.role)) problems.role = SAY.role;
  const days = Number(form.expires_in_days); // "" reads as 0, out of range
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    problems.expires_in_days = SAY.expires_in_days;
  }
  if (Object.keys(problems).length > 0) return { problems };
  return { request: { name, role: form.role, expires_in_days: days } };
}

/** The fields the API refused, each in the catalogue's words beside it; none when the
 * refusal names no field of the form (it is then shown above the form). */
export function refusedToken(error: unknown): TokenProblems {
  const problems: TokenProblems = {};
  if (!(error instanceof ApiError) || error.status !== 400) return problems;
  for (const name of Object.keys(error.fields)) {
    if (name in SAY) problems[name as FormField] = SAY[name as FormField];
  }
  return problems;
}

/** A moment the API gives in seconds since the epoch, as the locale writes it. */
function atSeconds(seconds: number): string {
  return formatDateTime(new Date(seconds * 1000).toISOString());
}

/** The tokens with `token` in place of its earlier self, or first when it is new (the API
 * lists the newest first). */
export function withToken(
  tokens: readonly IntegrationToken[],
  token: IntegrationToken,
): readonly IntegrationToken[] {
  return tokens.some((each) => each.token_id === token.token_id)
    ? tokens.map((each) => (each.token_id === token.token_id ? token : each))
    : [token, ...tokens];
}

export function IntegrationTokens(): JSX.Element {
  const { value: tokens, error, setValue: setTokens, reload } = useLoad(listIntegrationTokens);
  // Who made or revoked a token, by name: a courtesy. Without the list (its failure is not
  // shown, or for someone since removed) the row shows the user id the API gives.
  const people = useLoad(
    async () => new Map((await listUsers()).map((user) => [user.user_id, user])),
  );
  const retry = (): void => {
    reload();
    people.reload();
  };

  const put = (token: IntegrationToken): void => setTokens(withToken(tokens ?? [], token));
  const who = (userId: string): string => {
    const person = people.value?.get(userId);
    return person ? person.name || person.email : userId;
  };

  return (
    <section class="admin" aria-labelledby="tokens-title">
      <AdminNav />
      <h1 id="tokens-title">{t("tokens.title")}</h1>
      <p class="lead">{t("tokens.intro")}</p>
      <CreateForm onCreated={put} />
      <h2>{t("tokens.listTitle")}</h2>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={retry} />}
      {error === null && tokens === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {tokens !== null && tokens.length === 0 && <p>{t("tokens.none")}</p>}
      {tokens !== null && tokens.length > 0 && (
        <table class="users tokens">
          <caption>{t("tokens.listCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tokens.columnToken")}</th>
              <th scope="col">{t("tokens.columnCreated")}</th>
              <th scope="col">{t("tokens.columnExpires")}</th>
              <th scope="col">{t("tokens.columnLastUsed")}</th>
              <th scope="col">{t("tokens.columnState")}</th>
              <th scope="col">{t("tokens.columnActions")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <TokenRow key={token.token_id} token={token} who={who} onRevoked={put} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateForm(props: { onCreated: (token: IntegrationToken) => void }): JSX.Element {
  const [form, setForm] = useState<TokenForm>(EMPTY);
  const [problems, setProblems] = useState<TokenProblems>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<NewIntegrationToken | null>(null);
  // From the latest form, not this render's: two inputs may come before the next render.
  const set = (name: FormField) => (value: string) =>
    setForm((current) => ({ ...current, [name]: value }));

  const submit = (event: Event): void => {
    event.preventDefault();
    setFailure(null);
    setMade(null);
    const checked = checkToken(form);
    if ("problems" in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setBusy(true);
    createIntegrationToken(checked.request)
      .then(
        (answer) => {
          setMade(answer);
          setForm(EMPTY);
          props.onCreated(answer.token);
        },
        (refusal: unknown) => {
          const named = refusedToken(refusal);
          if (Object.keys(named).length > 0) setProblems(named);
          else setFailure(refusal);
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <div class="admin-panel">
      <h2 id="tokens-create">{t("tokens.createTitle")}</h2>
      <form onSubmit={submit} class="invite-form" noValidate aria-labelledby="tokens-create">
        {failure !== null && <ErrorBanner message={describeError(failure)} />}
        <Field
          label={t("tokens.name")}
          hint={t("tokens.nameHint")}
          name="name"
          autocomplete="off"
          value={form.name}
          onInput={set("name")}
          error={problems.name?.()}
          required
        />
        <SelectField
          label={t("tokens.role")}
          name="role"
          value={form.role}
          options={TOKEN_ROLES.map((role) => ({ value: role, label: roleName(role) }))}
          onChange={set("role")}
          error={problems.role?.()}
        />
        <Field
          label={t("tokens.days")}
          hint={t("tokens.daysHint", { max: MAX_TOKEN_DAYS })}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_TOKEN_DAYS}
          name="expires_in_days"
          value={form.expires_in_days}
          onInput={set("expires_in_days")}
          error={problems.expires_in_days?.()}
          required
        />
        <button type="submit" disabled={busy}>
          {t("tokens.create")}
        </button>
      </form>
      {made && <NewSecret made={made} onDone={() => setMade(null)} />}
    </div>
  );
}

/** The value of a token just made, the one time it can be shown, and how a client sends it. */
function NewSecret(props: { made: NewIntegrationToken; onDone: () => void }): JSX.Element {
  const { made } = props;
  return (
    <div class="new-token" data-testid="new-token">
      <Notice message={t("tokens.created", { name: made.token.name })} />
      <p class="once">
        <strong>{t("tokens.once")}</strong>
      </p>
      <CopyField label={t("tokens.secret")} value={made.secret} hint={t("tokens.secretHint")} />
      <p class="field-hint">{t("tokens.usage")}</p>
      <pre class="usage">
        <code>{bearerExample(window.location.origin)}</code>
      </pre>
      <button type="button" class="button-secondary" onClick={props.onDone}>
        {t("tokens.stored")}
      </button>
    </div>
  );
}

function TokenRow(props: {
  token: IntegrationToken;
  who: (userId: string) => string;
  onRevoked: (token: IntegrationToken) => void;
}): JSX.Element {
  const { token, who } = props;
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const revoke = (): void => {
    setBusy(true);
    setProblem(null);
    revokeIntegrationToken(token.token_id)
      .then(
        (revoked) => {
          setConfirming(false);
          props.onRevoked(revoked);
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <tr data-token={token.token_id} data-token-name={token.name}>
      <td>
        <span class="user-name">{token.name}</span>
        <span class="user-email">{roleName(token.role)}</span>
      </td>
      <td>
        <span class="when">{atSeconds(token.created_at)}</span>
        <span class="user-email">{t("tokens.by", { who: who(token.created_by) })}</span>
      </td>
      <td class="when">{atSeconds(token.expires_at)}</td>
      <td data-testid="last-used">
        <span class="when">
          {token.last_used_at ? atSeconds(token.last_used_at) : t("tokens.never")}
        </span>
        {token.uses > 0 && (
          <span class="user-email">{t("tokens.uses", { count: token.uses })}</span>
        )}
      </td>
      <td>
        <span class={`state state-${token.state}`} data-state={token.state}>
          {t(STATE_NAMES[token.state])}
        </span>
        {token.revoked_at && (
          <span class="user-email">
            {t("tokens.revokedBy", {
              at: atSeconds(token.revoked_at),
              who: who(token.revoked_by ?? ""),
            })}
          </span>
        )}
      </td>
      <td>
        {token.state === "active" && !confirming && (
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {t("tokens.revoke")}
          </button>
        )}
        {token.state === "active" && confirming && (
          <Confirm
            label={t("tokens.confirmLabel")}
            question={t("tokens.confirmRevoke", { name: token.name })}
            action={t("tokens.revoke")}
            keep={t("tokens.keep")}
            busy={busy}
            onConfirm={revoke}
            onKeep={() => setConfirming(false)}
          />
        )}
        {problem !== null && (
          <p class="field-error" role="alert">
            {describeError(problem)}
          </p>
        )}
      </td>
    </tr>
  );
}
