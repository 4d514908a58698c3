import { request, respond } from "./client";
import type { AccessReview, AccessReviewDetail, AccessReviewItem, ReviewDecision } from "./types";

const BASE = "/access-reviews";

export async function listReviews(): Promise<readonly AccessReview[]> {
  return (await request<{ reviews: readonly AccessReview[] }>("GET", BASE)).reviews;
}

export function getReview(reviewId: string): Promise<AccessReviewDetail> {
  return request<AccessReviewDetail>("GET", `${BASE}/${encodeURIComponent(reviewId)}`);
}

export function decide(
  reviewId: string,
  itemId: string,
  decision: ReviewDecision,
  reason: string,
): Promise<AccessReviewItem> {
  const path = `${BASE}/${encodeURIComponent(reviewId)}/items/${encodeURIComponent(itemId)}`;
  return request<AccessReviewItem>("POST", path, { body: { decision, reason } });
}

/** The review's evidence (CSV) and the name the API gives the file. */
export async function exportReview(
  reviewId: string,
): Promise<{ readonly file: Blob; readonly filename: string }> {
  const response = await respond("GET", `${BASE}/${encodeURIComponent(reviewId)}/export`, {
    query: { format: "csv" },
  });
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename="([^"]+)"/.exec(disposition)?.[1];
  return { file: await response.blob(), filename: named ?? `access-review-${reviewId}.csv` };
}
