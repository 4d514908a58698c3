// Staff access: every grant of the platform's staff to this tenant's data in the last 12
// months and every open request, what was done under each, and (admins) the setting that
// makes a request wait for one of the tenant's admins, approve, deny and revoke.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import {
  approveStaffAccess,
  denyStaffAccess,
  listStaffAccess,
  revokeStaffAccess,
  staffActivity,
} from "../../api/staff-access";
import { getSettings, saveSettings } from "../../api/tenant";
import type { AuditEvent, StaffAccess as Grant, AccessState } from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { type Column, Table } from "../../components/Table";
import { describeError } from "../../describe-error";
import { formatDateTime, formatNumber, type MessageKey, t } from "../../i18n";
import { useMe } from "../../session";
import { useLoad } from "../../use-load";

const STATE_NAMES: Record<AccessState, MessageKey> = {
  pending: "staffAccess.statePending",
  approved: "staffAccess.stateApproved",
  expired: "staffAccess.stateExpired",
  revoked: "staffAccess.stateRevoked",
  denied: "staffAccess.stateDenied",
  "expired-pending": "staffAccess.stateExpiredPending",
};

const STAFF_ROLE_NAMES: Record<Grant["staff_role"], MessageKey> = {
  engineer: "staffAccess.roleEngineer",
  lead: "staffAccess.roleLead",
  security: "staffAccess.roleSecurity",
};

/** What an admin may do with a grant now (the API's rules: domain/staff_access.py). */
export function actionsFor(grant: Grant): { decide: boolean; revoke: boolean } {
  return {
    decide:
      grant.state === "pending" && grant.needs_customer_approval && !grant.customer_approver_name,
    revoke: grant.state === "pending" || grant.state === "approved",
  };
}

function grantProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) return t("staffAccess.changedMeanwhile");
  return describeError(error);
}

export function StaffAccess(): JSX.Element {
  const me = useMe();
  const isAdmin = me?.role === "admin";
  const { value: grants, error, setValue: setGrants, reload } = useLoad(listStaffAccess);

  const replace = (grant: Grant): void =>
    setGrants((grants ?? []).map((each) => (each.request_id === grant.request_id ? grant : each)));

  return (
    <section class="admin" aria-labelledby="staff-access-title">
      <AdminNav />
      <h1 id="staff-access-title">{t("staffAccess.title")}</h1>
      <p class="lead">{t("staffAccess.intro")}</p>
      {isAdmin && <ApprovalSetting />}
      <h2>{t("staffAccess.listTitle")}</h2>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && grants === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {grants !== null && grants.length === 0 && <p class="empty">{t("staffAccess.none")}</p>}
      {grants !== null && grants.length > 0 && (
        <ul class="grants">
          {grants.map((grant) => (
            <GrantCard key={grant.request_id} grant={grant} isAdmin={isAdmin} onChanged={replace} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ApprovalSetting(): JSX.Element {
  const { value: settings, error, setValue: setSettings } = useLoad(getSettings);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // A failed read shows where a refused save does: the checkbox waits for the settings.
  const shown = problem ?? error;

  const toggle = (required: boolean): void => {
    if (!settings) return;
    setBusy(true);
    setProblem(null);
    setSaved(false);
    saveSettings({ ...settings, staff_access_requires_customer_approval: required })
      .then(
        (stored) => {
          setSettings(stored);
          setSaved(true);
        },
        (failure: unknown) => setProblem(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div class="admin-panel">
      <div class="field admin-check">
        <input
          id="staff-approval"
          type="checkbox"
          checked={settings?.staff_access_requires_customer_approval ?? false}
          disabled={settings === null || busy}
          aria-describedby="staff-approval-hint"
          onChange={(event) => toggle(event.currentTarget.checked)}
        />
        <label for="staff-approval">{t("staffAccess.requireApproval")}</label>
        <p class="field-hint" id="staff-approval-hint">
          {t("staffAccess.requireApprovalHint")}
        </p>
      </div>
      {saved && <Notice message={t("staffAccess.settingSaved")} />}
      {shown !== null && <p class="field-error">{describeError(shown)}</p>}
    </div>
  );
}

function GrantCard(props: {
  grant: Grant;
  isAdmin: boolean;
  onChanged: (grant: Grant) => void;
}): JSX.Element {
  const { grant } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState("");
  const [activity, setActivity] = useState<readonly AuditEvent[] | null>(null);
  const [showActivity, setShowActivity] = useState(false);
  const actions = actionsFor(grant);
  const titleId = `grant-${grant.request_id}`;

  const act = (work: () => Promise<Grant>): void => {
    setBusy(true);
    setProblem(null);
    work()
      .then((changed) => {
        setDenying(false);
        props.onChanged(changed);
      })
      .catch((failure: unknown) => setProblem(grantProblem(failure)))
      .finally(() => setBusy(false));
  };

  const toggleActivity = (): void => {
    const next = !showActivity;
    setShowActivity(next);
    if (next && activity === null) {
      staffActivity(grant.request_id).then(setActivity, (failure: unknown) =>
        setProblem(describeError(failure)),
      );
    }
  };

  const approvers = [grant.approver_name, grant.customer_approver_name].filter(Boolean).join(", ");
  const when = (iso: string | null | undefined): string => (iso ? formatDateTime(iso) : "–");

  return (
    <li class="grant" data-grant={grant.request_id} data-state={grant.state}>
      <article aria-labelledby={titleId}>
        <h3 id={titleId}>
          {grant.staff_name} <span class="tag">{t(STAFF_ROLE_NAMES[grant.staff_role])}</span>{" "}
          <span class={`state state-${grant.state}`}>{t(STATE_NAMES[grant.state])}</span>
        </h3>
        <dl class="admin-facts">
          <div>
            <dt>{t("staffAccess.scope")}</dt>
            <dd>
              {t(grant.scope === "read" ? "staffAccess.scopeRead" : "staffAccess.scopeWrite")}
            </dd>
          </div>
          <div>
            <dt>{t("staffAccess.reason")}</dt>
            <dd>{grant.reason}</dd>
          </div>
          <div>
            <dt>{t("staffAccess.ticket")}</dt>
            <dd>{grant.ticket}</dd>
          </div>
          <div>
            <dt>{t("staffAccess.approvedBy")}</dt>
            <dd>{approvers || "–"}</dd>
          </div>
          <div>
            <dt>{t("staffAccess.start")}</dt>
            <dd>{when(grant.starts_at)}</dd>
          </div>
          <div>
            <dt>{t("staffAccess.end")}</dt>
            <dd>{when(grant.ends_at)}</dd>
          </div>
          <div>
            <dt>{t("staffAccess.requested")}</dt>
            <dd>{when(grant.requested_at)}</dd>
          </div>
          <div>
            <dt>{t("staffAccess.requestsMade")}</dt>
            <dd data-testid="requests-made">{formatNumber(grant.requests_made, 0)}</dd>
          </div>
          {grant.closed_by_name && (
            <div>
              <dt>{t("staffAccess.closedBy")}</dt>
              <dd>
                {grant.closed_reason
                  ? t("staffAccess.closedWithReason", {
                      name: grant.closed_by_name,
                      reason: grant.closed_reason,
                    })
                  : grant.closed_by_name}
              </dd>
            </div>
          )}
        </dl>
        {grant.state === "pending" && actions.decide && (
          <p class="field-hint">{t("staffAccess.awaitsYou")}</p>
        )}
        <div class="row-actions">
          {props.isAdmin && actions.decide && !denying && (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() => act(() => approveStaffAccess(grant.request_id))}
              >
                {t("staffAccess.approve")}
              </button>
              <button
                type="button"
                class="button-secondary"
                disabled={busy}
                onClick={() => setDenying(true)}
              >
                {t("staffAccess.deny")}
              </button>
            </>
          )}
          {props.isAdmin && actions.revoke && !denying && (
            <button
              type="button"
              class="button-danger"
              disabled={busy}
              onClick={() => act(() => revokeStaffAccess(grant.request_id))}
            >
              {t(grant.state === "approved" ? "staffAccess.revoke" : "staffAccess.withdraw")}
            </button>
          )}
          <button
            type="button"
            class="button-secondary"
            aria-expanded={showActivity}
            onClick={toggleActivity}
          >
            {t(showActivity ? "staffAccess.hideActivity" : "staffAccess.showActivity")}
          </button>
        </div>
        {denying && (
          <form
            class="deny-form"
            onSubmit={(event) => {
              event.preventDefault();
              act(() => denyStaffAccess(grant.request_id, reason.trim()));
            }}
          >
            <Field
              label={t("staffAccess.denyReason")}
              name="reason"
              value={reason}
              onInput={setReason}
              required
              autofocus
            />
            <div class="row-actions">
              <button type="submit" disabled={busy || reason.trim() === ""}>
                {t("staffAccess.denySubmit")}
              </button>
              <button type="button" class="button-secondary" onClick={() => setDenying(false)}>
                {t("staffAccess.keep")}
              </button>
            </div>
          </form>
        )}
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
        {showActivity && activity === null && problem === null && (
          <p class="loading" role="status">
            {t("app.loading")}
          </p>
        )}
        {showActivity && activity !== null && <Activity events={activity} />}
      </article>
    </li>
  );
}

function Activity(props: { events: readonly AuditEvent[] }): JSX.Element {
  if (props.events.length === 0) return <p class="empty">{t("staffAccess.noActivity")}</p>;
  const columns: readonly Column<AuditEvent>[] = [
    { key: "at", header: t("staffAccess.activityAt"), cell: (e) => formatDateTime(e.at) },
    {
      key: "route",
      header: t("staffAccess.activityRoute"),
      cell: (e) => <code>{e.details["route"] ?? e.action}</code>,
    },
    {
      key: "status",
      header: t("staffAccess.activityStatus"),
      numeric: true,
      cell: (e) => e.details["status"] ?? "–",
    },
    { key: "ip", header: t("staffAccess.activityIp"), cell: (e) => e.source_ip },
  ];
  return (
    <Table
      caption={t("staffAccess.activityCaption")}
      columns={columns}
      rows={props.events}
      rowKey={(e) => e.event_id}
    />
  );
}
