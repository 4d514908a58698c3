// A realm's access reviews as a table, newest first: quarter (a link to the review), status,
// how many items are decided, and the deadline. The tenant's and the platform's list alike.
import type { JSX } from "preact";
import type { ReviewCalls } from "../api/access-reviews";
import type { AccessReview, ReviewStatus } from "../api/types";
import { describeError } from "../describe-error";
import { formatDateTime, formatNumber, type MessageKey, t } from "../i18n";
import { Link } from "../router";
import { useLoad } from "../use-load";
import { ErrorBanner } from "./ErrorBanner";
import { type Column, Table } from "./Table";

const STATUS_NAMES: Record<ReviewStatus, MessageKey> = {
  open: "reviews.statusOpen",
  completed: "reviews.statusCompleted",
  overdue: "reviews.statusOverdue",
};

export function reviewStatus(status: ReviewStatus): string {
  return t(STATUS_NAMES[status]);
}

export function AccessReviewList(props: {
  calls: ReviewCalls;
  /** Where a review opens. */
  pathOf: (reviewId: string) => string;
  caption: string;
  none: string;
}): JSX.Element {
  const { calls, pathOf } = props;
  const { value: reviews, error, reload } = useLoad(calls.list, [calls]);

  const columns: readonly Column<AccessReview>[] = [
    {
      key: "quarter",
      header: t("reviews.columnQuarter"),
      cell: (review) => <Link href={pathOf(review.review_id)}>{review.quarter}</Link>,
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
    <>
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && reviews === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {reviews !== null && reviews.length === 0 && <p class="empty">{props.none}</p>}
      {reviews !== null && reviews.length > 0 && (
        <Table
          caption={props.caption}
          columns={columns}
          rows={reviews}
          rowKey={(review) => review.review_id}
        />
      )}
    </>
  );
}
