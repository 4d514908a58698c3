// One access review: every person's access as it was when the review opened, and (admins) a
// decision on each: attest, or revoke with a reason (which disables the person at once). Nobody
// decides on their own access. The evidence downloads as CSV.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { decide, exportReview, getReview } from "../../api/access-reviews";
import { ApiError } from "../../api/errors";
import type { AccessReviewDetail, AccessReviewItem, ReviewDecision } from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { describeError } from "../../describe-error";
import { formatDateTime, formatNumber, type MessageKey, t } from "../../i18n";
import type { ScreenProps } from "../../routes";
import { saveFile } from "../../save-file";
import { useMe } from "../../session";
import { reviewStatus } from "./AccessReviews";
import { roleName, statusName } from "./Users";

const METHOD_NAMES: Record<AccessReviewItem["sign_in_method"], MessageKey> = {
  password: "review.methodPassword",
  sso: "review.methodSso",
  none: "review.methodNone",
};

/** A refusal of a decision, in words. */
export function decisionProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return t("review.decidedMeanwhile");
    if (error.status === 403 && error.message.includes("own access")) return t("review.notOwn");
  }
  return describeError(error);
}

export function AccessReview(props: ScreenProps): JSX.Element {
  const reviewId = props.params["id"] ?? "";
  const me = useMe();
  const [review, setReview] = useState<AccessReviewDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [exportProblem, setExportProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    getReview(reviewId).then(
      (read) => current && setReview(read),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [reviewId, attempt]);

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
    exportReview(reviewId)
      .then(({ file, filename }) => saveFile(file, filename))
      .catch((failure: unknown) => setExportProblem(describeError(failure)))
      .finally(() => setExporting(false));
  };

  return (
    <section class="admin" aria-labelledby="review-title">
      <AdminNav />
      <h1 id="review-title">
        {review ? t("review.heading", { quarter: review.quarter }) : t("review.title")}
      </h1>
      {error !== null && (
        <ErrorBanner message={describeError(error)} onRetry={() => setAttempt(attempt + 1)} />
      )}
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
                  reviewId={reviewId}
                  item={item}
                  mayDecide={me?.role === "admin" && me.user_id !== item.subject_id}
                  isOwn={me?.user_id === item.subject_id}
                  onDecided={decided}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ItemRow(props: {
  reviewId: string;
  item: AccessReviewItem;
  mayDecide: boolean;
  isOwn: boolean;
  onDecided: (item: AccessReviewItem) => void;
}): JSX.Element {
  const { item } = props;
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const send = (decision: ReviewDecision): void => {
    setBusy(true);
    setProblem(null);
    decide(props.reviewId, item.item_id, decision, reason.trim())
      .then(props.onDecided, (failure: unknown) => setProblem(failure))
      .finally(() => setBusy(false));
  };

  const reasonError =
    problem instanceof ApiError && problem.fields["reason"] ? problem.fields["reason"] : null;

  return (
    <tr data-user={item.email} data-decision={item.decision ?? "none"}>
      <td>
        <span class="user-name">{item.name || item.email}</span>
        {item.name && <span class="user-email">{item.email}</span>}
      </td>
      <td>
        {roleName(item.role)}
        <span class="user-email">{statusName(item.status)}</span>
      </td>
      <td>
        {t(METHOD_NAMES[item.sign_in_method])}
        <span class="user-email">
          {item.last_signed_in_at
            ? t("review.lastSignIn", { at: formatDateTime(item.last_signed_in_at) })
            : t("review.neverSignedIn")}
        </span>
        {!item.mfa_enabled && <span class="user-email">{t("users.noMfa")}</span>}
      </td>
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
        ) : props.mayDecide ? (
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
                  hint={t("review.reasonHint")}
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
          <span class="user-email">{t(props.isOwn ? "review.ownAwaits" : "review.awaits")}</span>
        )}
        {problem !== null && reasonError === null && (
          <p class="field-error" role="alert">
            {decisionProblem(problem)}
          </p>
        )}
      </td>
    </tr>
  );
}
