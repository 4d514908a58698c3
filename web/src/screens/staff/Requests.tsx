// The staff console's first screen: ask for access to one tenant, and the member's own
// requests with their state; a pending one can be withdrawn, an active grant revoked.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { requestAccess } from "../../api/staff";
import {
  ACCESS_SCOPES,
  type AccessScope,
  MAX_ACCESS_MINUTES,
  type NewAccessRequest,
} from "../../api/types";
import { AccessRequestTable } from "../../components/AccessRequestTable";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Field, SelectField } from "../../components/Field";
import { describeError } from "../../describe-error";
import { type MessageKey, t } from "../../i18n";
import type { StaffScreenProps } from "../../staff-routes";
import { Listed, RevokeAction, type Say, useAccessRequests } from "./access";

const durationRange: Say = () => t("staff.requests.durationRange", { max: MAX_ACCESS_MINUTES });

export interface RequestForm {
  readonly tenant_id: string;
  readonly scope: AccessScope;
  readonly reason: string;
  readonly ticket: string;
  readonly duration_minutes: string;
}

type FormField = keyof RequestForm;
export type FormProblems = Partial<Record<FormField, Say>>;

const EMPTY: RequestForm = {
  tenant_id: "",
  scope: "read",
  reason: "",
  ticket: "",
  duration_minutes: "60",
};

const SCOPE_CHOICES: Record<AccessScope, MessageKey> = {
  read: "staff.requests.scopeRead",
  write: "staff.requests.scopeWrite",
};

/** The request the form makes, or what to fix first, field by field, in words. */
export function checkRequest(
  form: RequestForm,
): { readonly request: NewAccessRequest } | { readonly problems: FormProblems } {
  const problems: FormProblems = {};
  const required: Say = () => t("staff.requests.required");
  for (const name of ["tenant_id", "reason", "ticket"] as const) {
    if (!form[name].trim()) problems[name] = required;
  }
  const minutes = Number(form.duration_minutes);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_ACCESS_MINUTES) {
    problems.duration_minutes = durationRange;
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    request: {
      tenant_id: form.tenant_id.trim(),
      scope: form.scope,
      reason: form.reason.trim(),
      ticket: form.ticket.trim(),
      duration_minutes: minutes,
    },
  };
}

/** The API's refusal of named fields, in the catalogue's words beside each. */
export function refusedFields(error: ApiError): FormProblems {
  const problems: FormProblems = {};
  for (const name of Object.keys(error.fields)) {
    if (name === "tenant_id") problems.tenant_id = () => t("staff.requests.noSuchTenant");
    else if (name === "duration_minutes") problems.duration_minutes = durationRange;
    else if (name in EMPTY) {
      problems[name as FormField] = () =>
        t("staff.requests.fieldRefused", { message: error.fields[name] ?? error.message });
    }
  }
  return problems;
}

export function StaffRequests(props: StaffScreenProps): JSX.Element {
  const list = useAccessRequests();
  const [form, setForm] = useState<RequestForm>(EMPTY);
  const [problems, setProblems] = useState<FormProblems>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null); // the tenant asked for
  const [busy, setBusy] = useState(false);
  const set = (name: FormField) => (value: string) => setForm({ ...form, [name]: value });

  const submit = (event: Event): void => {
    event.preventDefault();
    setSent(null);
    setFailure(null);
    const checked = checkRequest(form);
    if ("problems" in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setBusy(true);
    requestAccess(checked.request).then(
      (created) => {
        setBusy(false);
        list.put(created);
        setForm(EMPTY);
        setSent(created.tenant_id);
      },
      (error: unknown) => {
        setBusy(false);
        const named = error instanceof ApiError ? refusedFields(error) : {};
        if (Object.keys(named).length > 0) setProblems(named);
        else setFailure(error);
      },
    );
  };

  const mine = list.requests?.filter((row) => row.staff_id === props.me.staff_id) ?? null;
  return (
    <section aria-labelledby="staff-requests-title">
      <h1 id="staff-requests-title">{t("staff.requests.title")}</h1>
      <p class="lead">{t("staff.requests.intro")}</p>
      <form class="panel" onSubmit={submit} noValidate aria-labelledby="staff-request-form">
        <h2 id="staff-request-form">{t("staff.requests.formTitle")}</h2>
        {failure !== null && <ErrorBanner message={describeError(failure)} />}
        {sent && <Notice message={t("staff.requests.sent", { tenant: sent })} />}
        <div class="form-grid">
          <Field
            label={t("staff.requests.tenant")}
            hint={t("staff.requests.tenantHint")}
            name="tenant_id"
            value={form.tenant_id}
            onInput={set("tenant_id")}
            error={problems.tenant_id?.()}
            required
          />
          <SelectField
            label={t("staff.requests.scope")}
            name="scope"
            value={form.scope}
            options={ACCESS_SCOPES.map((scope) => ({
              value: scope,
              label: t(SCOPE_CHOICES[scope]),
            }))}
            onChange={set("scope")}
            error={problems.scope?.()}
          />
          <Field
            label={t("staff.requests.reason")}
            name="reason"
            value={form.reason}
            onInput={set("reason")}
            error={problems.reason?.()}
            required
          />
          <Field
            label={t("staff.requests.ticket")}
            name="ticket"
            value={form.ticket}
            onInput={set("ticket")}
            error={problems.ticket?.()}
            required
          />
          <Field
            label={t("staff.requests.duration")}
            hint={t("staff.requests.durationHint", { max: MAX_ACCESS_MINUTES })}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_ACCESS_MINUTES}
            name="duration_minutes"
            value={form.duration_minutes}
            onInput={set("duration_minutes")}
            error={problems.duration_minutes?.()}
            required
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t("staff.requests.sending") : t("staff.requests.submit")}
        </button>
      </form>
      <Listed list={list} rows={mine} none={t("staff.requests.none")}>
        <AccessRequestTable
          caption={t("staff.requests.mine")}
          requests={mine ?? []}
          actions={(row) => <RevokeAction request={row} list={list} />}
        />
      </Listed>
    </section>
  );
}
