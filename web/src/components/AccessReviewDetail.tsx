// One access review, the same in both realms: every item as it was when the review opened (a
// person's role, status and sign-in; a staff grant's tenant, scope, reason, ticket, approver,
// window and use) and a decision on each where the reader may make one: attest, or revoke
// with a reason (a person is disabled, a grant still open ends, at once). Nobody decides on
// their own access. The evidence downloads as CSV; the API records its SHA-256 in the log.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { ReviewCalls } from "../api/access-reviews";
import { ApiError } from "../api/errors";
import type { AccessReviewItem, ReviewDecision } from "../api/types";
import { describeError } from "../describe-error";
import { formatDateTime, formatNumber, type MessageKey, t } from "../i18n";
import { saveFile } from "../save-file";
import { useLoad } from "../use-load";
import { reviewStatus } from "./AccessReviewList";
import { SCOPE_WORDS, STATE_WORDS } from "./AccessRequestTable";
import { ErrorBanner } from "./ErrorBanner";
import { Field } from "./Field";

const METHOD_NAMES: Record<NonNullable<AccessReviewItem["sign_in_method"]>, MessageKey> = {
  password: "review.methodPassword",
  sso: "review.methodSso",
  none: "review.methodNone",
};

/** The realm's words and rules for its review's items. */
export interface ReviewRules {
  /** Whether the reader may decide on `item` (their role allows it; not their own). */
  mayDecide(item: AccessReviewItem): boolean;
  isOwn(item: AccessReviewItem): boolean;
  /** A person's role and status, in words. */
  roleName(item: AccessReviewItem): string;
  statusName(item: AccessReviewItem): string;
  awaits: MessageKey;
  ownAwaits: MessageKey;
  notOwn: MessageKey;
}

/** A refusal of a decision, in words. */
export function decisionProblem(error: unknown, notOwn: MessageKey): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return t("review.decidedMeanwhile");
    if (error.status === 403 && error.message.includes("own access")) return t(notOwn);
  }
  return describeError(error);
}

export function AccessReviewDetailView(props: {
  calls: ReviewCalls;
  reviewId: string;
  titleId: string;
  rules: ReviewRules;
}): JSX.Element {
  const { calls, reviewId, rules } = props;
  const {
    value: review,
    error,
    setValue: setReview,
    reload,
  } = useLoad(() => calls.get(reviewId), [calls, reviewId]);
  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<string | null>(null);

  const decided = (item: AccessReviewItem): void => {
    if (!review) return;
    const items = review.items.map((each) => (each.item_id === item.item_id ? item : each));
    setReview({
      ...review,
      items,
      decided_count: items.filter((each) => each.decision).length,
    });
  };

  const download = (): void => {
    setExporting(true);
    setExportProblem(null);
    calls
      .exportCsv(reviewId)
      .then(({ file, filename }) => saveFile(file, filename))
      .catch((failure: unknown) => setExportProblem(describeError(failure)))
      .finally(() => setExporting(false));
  };

  return (
    <>
      <h1 id={props.titleId}>
        {review ? t("review.heading", { quarter: review.quarter }) : t("review.title")}
      </h1>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && review === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {review && (
        <>
          <p class="lead">
            {t("review.summary", {
              status: reviewStatus(review.status),
              decided: formatNumber(review.decided_count, 0),
              total: formatNumber(review.item_count, 0),
              due: formatDateTime(review.due_at),
            })}
          </p>
          <div class="row-actions">
            <button type="button" class="button-secondary" disabled={exporting} onClick={download}>
              {t("review.export")}
            </button>
          </div>
          <p class="field-hint">{t("review.exportHint")}</p>
          {exportProblem && (
            <p class="field-error" role="alert">
              {exportProblem}
            </p>
          )}
          <table class="users review-items">
            <caption>{t("review.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("review.columnPerson")}</th>
                <th scope="col">{t("review.columnAccess")}</th>
                <th scope="col">{t("review.columnSignIn")}</th>
                <th scope="col">{t("review.columnDecision")}</th>
              </tr>
            </thead>
            <tbody>
              {review.items.map((item) => (
                <ItemRow
                  key={item.item_id}
                  item={item}
                  rules={rules}
                  decide={(decision, reason) =>
                    calls.decide(reviewId, item.item_id, decision, reason)
                  }
                  onDecided={decided}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** A staff grant's state in words (as the API gives it, should it be one this app does not
 * know). */
function grantState(state: string): string {
  return state in STATE_WORDS ? t(STATE_WORDS[state as keyof typeof STATE_WORDS]) : state;
}

/** What the item gives: a person's role and status, or a grant's scope, tenant and state,
 * with why it was asked for. */
function AccessCell(props: { item: AccessReviewItem; rules: ReviewRules }): JSX.Element {
  const { item, rules } = props;
  if (item.kind !== "staff_grant") {
    return (
      <td>
        {rules.roleName(item)}
        <span class="user-email">{rules.statusName(item)}</span>
      </td>
    );
  }
  return (
    <td>
      {item.scope ? t(SCOPE_WORDS[item.scope]) : "–"}
      {item.grant_tenant_id && (
        <span class="user-email">{t("review.grantTenant", { tenant: item.grant_tenant_id })}</span>
      )}
      <span class="user-email">{grantState(item.status)}</span>
      {item.grant_reason && (
        <span class="user-email">{t("review.grantReason", { reason: item.grant_reason })}</span>
      )}
      {item.ticket && (
        <span class="user-email">{t("review.grantTicket", { ticket: item.ticket })}</span>
      )}
    </td>
  );
}

/** How the access was used: a person's sign-in and MFA, or who approved a grant, its window
 * and the requests made under it. */
function UseCell(props: { item: AccessReviewItem }): JSX.Element {
  const { item } = props;
  if (item.kind !== "staff_grant") {
    return (
      <td>
        {item.sign_in_method && t(METHOD_NAMES[item.sign_in_method])}
        <span class="user-email">
          {item.last_signed_in_at
            ? t("review.lastSignIn", { at: formatDateTime(item.last_signed_in_at) })
            : t("review.neverSignedIn")}
        </span>
        {item.mfa_enabled === false && <span class="user-email">{t("users.noMfa")}</span>}
      </td>
    );
  }
  return (
    <td>
      {t("review.grantApprovedBy", { name: item.approved_by ?? "–" })}
      <span class="user-email">
        {t("review.grantWindow", {
          start: item.starts_at ? formatDateTime(item.starts_at) : "–",
          end: item.ends_at ? formatDateTime(item.ends_at) : "–",
        })}
      </span>
      <span class="user-email">
        {t("review.grantRequests", { count: formatNumber(item.requests ?? 0, 0) })}
      </span>
    </td>
  );
}

function ItemRow(props: {
  item: AccessReviewItem;
  rules: ReviewRules;
  decide: (decision: ReviewDecision, reason: string) => Promise<AccessReviewItem>;
  onDecided: (item: AccessReviewItem) => void;
}): JSX.Element {
  const { item, rules } = props;
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const grant = item.kind === "staff_grant";

  const send = (decision: ReviewDecision): void => {
    setBusy(true);
    setProblem(null);
    props
      .decide(decision, reason.trim())
      .then(props.onDecided, (failure: unknown) => setProblem(failure))
      .finally(() => setBusy(false));
  };

  const reasonError =
    problem instanceof ApiError && problem.fields["reason"] ? problem.fields["reason"] : null;

  return (
    <tr
      data-item={item.item_id}
      data-kind={item.kind}
      data-user={item.email ?? undefined}
      data-decision={item.decision ?? "none"}
    >
      <td>
        <span class="user-name">{item.name || item.email}</span>
        {item.name && item.email && <span class="user-email">{item.email}</span>}
        {grant && <span class="user-email">{t("review.grantKind")}</span>}
      </td>
      <AccessCell item={item} rules={rules} />
      <UseCell item={item} />
      <td>
        {item.decision ? (
          <p class="decision">
            <strong>{t(item.decision === "attest" ? "review.attested" : "review.revoked")}</strong>
            <span class="user-email">
              {t("review.decidedBy", {
                email: item.decided_by_email ?? "–",
                at: item.decided_at ? formatDateTime(item.decided_at) : "–",
              })}
            </span>
            {item.reason && <span class="user-email">{item.reason}</span>}
          </p>
        ) : rules.mayDecide(item) ? (
          <>
            {!revoking && (
              <div class="row-actions">
                <button type="button" disabled={busy} onClick={() => send("attest")}>
                  {t("review.attest")}
                </button>
                <button
                  type="button"
                  class="button-secondary"
                  disabled={busy}
                  onClick={() => setRevoking(true)}
                >
                  {t("review.revoke")}
                </button>
              </div>
            )}
            {revoking && (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  send("revoke");
                }}
              >
                <Field
                  label={t("review.reason")}
                  hint={t(grant ? "review.reasonHintGrant" : "review.reasonHint")}
                  name="reason"
                  value={reason}
                  onInput={setReason}
                  error={reasonError}
                  required
                  autofocus
                />
                <div class="row-actions">
                  <button type="submit" class="button-danger" disabled={busy}>
                    {t("review.revokeSubmit")}
                  </button>
                  <button type="button" class="button-secondary" onClick={() => setRevoking(false)}>
                    {t("review.back")}
                  </button>
                </div>
              </form>
            )}
          </>
        ) : (
          <span class="user-email">{t(rules.isOwn(item) ? rules.ownAwaits : rules.awaits)}</span>
        )}
        {problem !== null && reasonError === null && (
          <p class="field-error" role="alert">
            {decisionProblem(problem, rules.notOwn)}
          </p>
        )}
      </td>
    </tr>
  );
}
