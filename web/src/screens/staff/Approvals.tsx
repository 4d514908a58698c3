// A lead's approvals: every request waiting for a lead. Another's is approved with a fresh
// code from the lead's authenticator, or denied with a reason; the lead's own is shown with
// the two-person rule in words instead of the actions it may not take.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { approveAccess, denyAccess } from "../../api/staff";
import type { AccessRequest } from "../../api/types";
import { AccessRequestTable, STATE_WORDS } from "../../components/AccessRequestTable";
import { Notice } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { t } from "../../i18n";
import type { StaffScreenProps } from "../../staff-routes";
import {
  type AccessRequestList,
  actionProblem,
  isConflict,
  Listed,
  type Say,
  useAccessRequests,
} from "./access";

interface Problems {
  readonly code?: Say;
  readonly reason?: Say;
  readonly row?: Say;
}

/** Where an approval's or a denial's refusal is shown, and in which words. */
export function decisionProblem(error: unknown, act: "approve" | "deny"): Problems {
  if (error instanceof ApiError && error.status === 403) {
    if (error.field === "code") return { code: () => t("staff.approvals.codeRefused") };
    return { row: () => t("staff.approvals.twoPerson") };
  }
  if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0) {
    return act === "approve"
      ? { code: () => t("staff.approvals.codeRefused") }
      : { reason: () => t("staff.requests.required") };
  }
  return { row: () => actionProblem(error) };
}

export function StaffApprovals(props: StaffScreenProps): JSX.Element {
  const list = useAccessRequests();
  const [done, setDone] = useState<Say | null>(null);
  const pending = list.requests?.filter((row) => row.state === "pending") ?? null;
  return (
    <section aria-labelledby="staff-approvals-title">
      <h1 id="staff-approvals-title">{t("staff.approvals.title")}</h1>
      <p class="lead">{t("staff.approvals.intro")}</p>
      {done && <Notice message={done()} />}
      <Listed list={list} rows={pending} none={t("staff.approvals.none")}>
        <AccessRequestTable
          caption={t("staff.approvals.caption")}
          requests={pending ?? []}
          showRequester
          actions={(row) =>
            row.staff_id === props.me.staff_id ? (
              <p class="cell-detail">{t("staff.approvals.own")}</p>
            ) : (
              <Decide request={row} list={list} onDone={(say) => setDone(() => say)} />
            )
          }
        />
      </Listed>
    </section>
  );
}

function Decide(props: {
  request: AccessRequest;
  list: AccessRequestList;
  onDone: (message: Say) => void;
}): JSX.Element {
  const { request, list } = props;
  const [code, setCode] = useState("");
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const words = { name: request.staff_name, tenant: request.tenant_id };

  const decide = (act: "approve" | "deny") => (event: Event) => {
    event.preventDefault();
    const value = (act === "approve" ? code : reason).trim();
    if (!value) {
      const required: Say = () => t("staff.requests.required");
      setProblems(act === "approve" ? { code: required } : { reason: required });
      return;
    }
    setBusy(true);
    setProblems({});
    const call =
      act === "approve"
        ? approveAccess(request.request_id, value.replace(/\s/g, ""))
        : denyAccess(request.request_id, value);
    call.then(
      (answer) => {
        setBusy(false);
        list.put(answer);
        props.onDone(() =>
          act === "approve"
            ? t("staff.approvals.approved", { ...words, state: t(STATE_WORDS[answer.state]) })
            : t("staff.approvals.denied", words),
        );
      },
      (error: unknown) => {
        setBusy(false);
        setCode("");
        setProblems(decisionProblem(error, act));
        if (isConflict(error)) list.reload();
      },
    );
  };

  return (
    <div class="row-actions">
      <form class="decision" onSubmit={decide("approve")} noValidate>
        <Field
          label={t("staff.approvals.code")}
          name="code"
          autocomplete="one-time-code"
          inputMode="numeric"
          value={code}
          onInput={setCode}
          error={problems.code?.()}
        />
        <button type="submit" disabled={busy}>
          {t("staff.approvals.approve")}
        </button>
      </form>
      <form class="decision" onSubmit={decide("deny")} noValidate>
        <Field
          label={t("staff.approvals.denyReason")}
          name="reason"
          value={reason}
          onInput={setReason}
          error={problems.reason?.()}
        />
        <button type="submit" class="button-secondary" disabled={busy}>
          {t("staff.approvals.deny")}
        </button>
      </form>
      {problems.row && (
        <p class="field-error" role="alert">
          {problems.row()}
        </p>
      )}
    </div>
  );
}
