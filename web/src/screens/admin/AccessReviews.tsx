// Access reviews: each quarter's review of who can reach the tenant's data, newest first.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { listReviews } from "../../api/access-reviews";
import type { AccessReview, ReviewStatus } from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner } from "../../components/ErrorBanner";
import { type Column, Table } from "../../components/Table";
import { describeError } from "../../describe-error";
import { formatDateTime, formatNumber, type MessageKey, t } from "../../i18n";
import { Link } from "../../router";

const STATUS_NAMES: Record<ReviewStatus, MessageKey> = {
  open: "reviews.statusOpen",
  completed: "reviews.statusCompleted",
  overdue: "reviews.statusOverdue",
};

export function reviewStatus(status: ReviewStatus): string {
  return t(STATUS_NAMES[status]);
}

export function reviewPath(reviewId: string): string {
  return `/admin/access-reviews/${encodeURIComponent(reviewId)}`;
}

export function AccessReviews(): JSX.Element {
  const [reviews, setReviews] = useState<readonly AccessReview[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setError(null);
    listReviews().then(
      (listed) => current && setReviews(listed),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const columns: readonly Column<AccessReview>[] = [
    {
      key: "quarter",
      header: t("reviews.columnQuarter"),
      cell: (review) => <Link href={reviewPath(review.review_id)}>{review.quarter}</Link>,
    },
    {
      key: "status",
      header: t("reviews.columnStatus"),
      cell: (review) => <span data-status={review.status}>{reviewStatus(review.status)}</span>,
    },
    {
      key: "decided",
      header: t("reviews.columnDecided"),
      numeric: true,
      cell: (review) =>
        t("reviews.decidedOf", {
          decided: formatNumber(review.decided_count, 0),
          total: formatNumber(review.item_count, 0),
        }),
    },
    { key: "due", header: t("reviews.columnDue"), cell: (review) => formatDateTime(review.due_at) },
  ];

  return (
    <section class="admin" aria-labelledby="reviews-title">
      <AdminNav />
      <h1 id="reviews-title">{t("reviews.title")}</h1>
      <p class="lead">{t("reviews.intro")}</p>
      {error !== null && (
        <ErrorBanner message={describeError(error)} onRetry={() => setAttempt(attempt + 1)} />
      )}
      {error === null && reviews === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {reviews !== null && reviews.length === 0 && <p class="empty">{t("reviews.none")}</p>}
      {reviews !== null && reviews.length > 0 && (
        <Table
          caption={t("reviews.caption")}
          columns={columns}
          rows={reviews}
          rowKey={(review) => review.review_id}
        />
      )}
    </section>
  );
}
