// The audit log: who did what, when, from where, newest first; filtered by actor, action and
// dates (kept in the address, so a filtered view can be shared), a page at a time.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type AuditFilter, listAudit } from "../../api/audit";
import type { AuditEvent } from "../../api/types";
import { listUsers } from "../../api/users";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { type Column, Table } from "../../components/Table";
import { describeError } from "../../describe-error";
import { formatDateTime, t } from "../../i18n";
import { navigate, useLocation } from "../../router";
import { useMe } from "../../session";
import { useLoad } from "../../use-load";

// The actions the platform records (footprint.identity.audit's callers), offered as
// suggestions; a family ("user.") matches each of its actions.
export const KNOWN_ACTIONS: readonly string[] = [
  "signin.",
  "signin.success",
  "signin.failure",
  "signin.locked",
  "signout.everywhere",
  "refresh.reuse_detected",
  "password.changed",
  "password.reissued",
  "mfa.enabled",
  "mfa.recovery_code_used",
  "invitation.redeemed",
  "user.",
  "user.invited",
  "user.provisioned",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.deleted",
  "tenant.settings_changed",
  "sso.settings_changed",
  "staff_access.",
];

/** The filter the address holds: dates (`YYYY-MM-DD`) as they were typed. */
export interface AuditQuery {
  readonly actor: string;
  readonly action: string;
  readonly from: string;
  readonly to: string;
}

export function queryOf(params: URLSearchParams): AuditQuery {
  return {
    actor: params.get("actor") ?? "",
    action: params.get("action") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
}

/** The API's filter for a query: whole local days, from the first's start to the last's end. */
export function filterOf(query: AuditQuery): AuditFilter {
  const filter: Record<string, string> = {};
  if (query.actor.trim()) filter["actor"] = query.actor.trim();
  if (query.action.trim()) filter["action"] = query.action.trim();
  if (query.from) filter["from"] = new Date(`${query.from}T00:00:00`).toISOString();
  if (query.to) filter["to"] = new Date(`${query.to}T23:59:59.999`).toISOString();
  return filter;
}

export function AuditLog(): JSX.Element {
  const me = useMe();
  const { query: params } = useLocation();
  const query = queryOf(params);
  const [draft, setDraft] = useState<AuditQuery>(query);
  const key = params.toString();
  const pages = useLoad(() => listAudit(filterOf(query)), [key]);
  const events = pages.value?.events ?? null;
  const cursor = pages.value?.next_cursor ?? null;
  // A further page's failure, shown like the first's; a retry starts again from the first.
  const [moreError, setMoreError] = useState<unknown>(null);
  const error = pages.error ?? moreError;
  // Admins read the users, to show e-mail addresses for ids; auditors see the ids.
  const users =
    useLoad(() => (me?.role === "admin" ? listUsers() : Promise.resolve([])), [me?.role]).value ??
    [];

  // Another address (a filter applied, back, forward): its filters in the form, no old failure.
  useEffect(() => {
    setDraft(query);
    setMoreError(null);
  }, [key]);

  const more = (): void => {
    if (!cursor) return;
    listAudit(filterOf(query), cursor).then(
      (page) =>
        pages.setValue((held) => ({ ...page, events: [...(held?.events ?? []), ...page.events] })),
      (failure: unknown) => setMoreError(failure),
    );
  };
  const retry = (): void => {
    setMoreError(null);
    pages.reload();
  };

  const datesWrong = draft.from !== "" && draft.to !== "" && draft.from > draft.to;
  const apply = (event: Event): void => {
    event.preventDefault();
    if (datesWrong) return;
    const next = new URLSearchParams(
      Object.entries(draft).filter(([, value]) => value.trim() !== ""),
    );
    const search = next.toString();
    navigate(`/admin/audit${search ? `?${search}` : ""}`, { replace: true });
  };

  const person = (id: string | null | undefined): string => {
    if (!id) return "–";
    return users.find((user) => user.user_id === id)?.email ?? id;
  };

  return (
    <section class="admin" aria-labelledby="audit-title">
      <AdminNav />
      <h1 id="audit-title">{t("audit.title")}</h1>
      <p class="lead">{t("audit.intro")}</p>
      <form class="filters admin-panel" onSubmit={apply} aria-label={t("audit.filters")}>
        {me?.role === "admin" ? (
          <div class="field">
            <label for="audit-actor">{t("audit.actor")}</label>
            <select
              id="audit-actor"
              value={draft.actor}
              onChange={(event) => setDraft({ ...draft, actor: event.currentTarget.value })}
            >
              <option value="">{t("audit.anyone")}</option>
              {users.map((user) => (
                <option key={user.user_id} value={user.user_id}>
                  {user.email}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <Field
            label={t("audit.actorId")}
            name="actor"
            value={draft.actor}
            onInput={(actor) => setDraft({ ...draft, actor })}
          />
        )}
        <div class="field">
          <label for="audit-action">{t("audit.action")}</label>
          <p class="field-hint" id="audit-action-hint">
            {t("audit.actionHint")}
          </p>
          <input
            id="audit-action"
            type="text"
            list="audit-actions"
            aria-describedby="audit-action-hint"
            value={draft.action}
            onInput={(event) => setDraft({ ...draft, action: event.currentTarget.value })}
          />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="audit-from">{t("audit.from")}</label>
          <input
            id="audit-from"
            type="date"
            value={draft.from}
            onInput={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
        </div>
        <div class={datesWrong ? "field field-invalid" : "field"}>
          <label for="audit-to">{t("audit.to")}</label>
          <input
            id="audit-to"
            type="date"
            value={draft.to}
            aria-invalid={datesWrong ? true : undefined}
            aria-describedby={datesWrong ? "audit-to-error" : undefined}
            onInput={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          />
          {datesWrong && (
            <p id="audit-to-error" class="field-error">
              {t("audit.datesReversed")}
            </p>
          )}
        </div>
        <div class="filter-actions">
          <button type="submit">{t("audit.apply")}</button>
        </div>
      </form>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={retry} />}
      {error === null && events === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {events !== null && events.length === 0 && (
        <p class="empty">{t(cursor ? "audit.noneYet" : "audit.none")}</p>
      )}
      {events !== null && events.length > 0 && (
        <Table
          caption={t("audit.caption")}
          columns={columns(person)}
          rows={events}
          rowKey={(event) => event.event_id}
        />
      )}
      {cursor && (
        <p>
          <button type="button" class="button-secondary" onClick={more}>
            {t("audit.more")}
          </button>
        </p>
      )}
    </section>
  );
}

function columns(person: (id: string | null | undefined) => string): readonly Column<AuditEvent>[] {
  return [
    { key: "at", header: t("audit.columnAt"), cell: (event) => formatDateTime(event.at) },
    {
      key: "action",
      header: t("audit.columnAction"),
      cell: (event) => <code>{event.action}</code>,
    },
    {
      key: "outcome",
      header: t("audit.columnOutcome"),
      cell: (event) => (
        <span data-outcome={event.outcome}>
          {t(event.outcome === "success" ? "audit.success" : "audit.failure")}
        </span>
      ),
    },
    { key: "actor", header: t("audit.columnActor"), cell: (event) => person(event.actor) },
    { key: "target", header: t("audit.columnTarget"), cell: (event) => person(event.target) },
    { key: "ip", header: t("audit.columnIp"), cell: (event) => event.source_ip },
    {
      key: "details",
      header: t("audit.columnDetails"),
      cell: (event) => <Details details={event.details} />,
    },
  ];
}

/** An event's details as name and value pairs. */
export function Details(props: { details: Readonly<Record<string, string>> }): JSX.Element | null {
  const entries = Object.entries(props.details);
  if (entries.length === 0) return null;
  return (
    <dl class="details">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
