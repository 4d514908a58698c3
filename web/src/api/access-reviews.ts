// The access reviews' calls, the same in both realms: a tenant's reviews (its admins and
// auditors, in the app's session) and the platform's (security staff, in the staff session).
import { request, respond } from "./client";
import { type SessionTokens, staffTokens } from "./tokens";
import type { AccessReview, AccessReviewDetail, AccessReviewItem, ReviewDecision } from "./types";

export interface ReviewCalls {
  list(): Promise<readonly AccessReview[]>;
  get(reviewId: string): Promise<AccessReviewDetail>;
  decide(
    reviewId: string,
    itemId: string,
    decision: ReviewDecision,
    reason: string,
  ): Promise<AccessReviewItem>;
  /** The review's evidence (CSV) and the name the API gives the file. */
  exportCsv(reviewId: string): Promise<{ readonly file: Blob; readonly filename: string }>;
}

function reviewCalls(base: string, tokens?: SessionTokens): ReviewCalls {
  const at = (reviewId: string): string => `${base}/${encodeURIComponent(reviewId)}`;
  const session = tokens ? { tokens } : {};
  return {
    list: async () =>
      (await request<{ reviews: readonly AccessReview[] }>("GET", base, session)).reviews,
    get: (reviewId) => request<AccessReviewDetail>("GET", at(reviewId), session),
    decide: (reviewId, itemId, decision, reason) =>
      request<AccessReviewItem>("POST", `${at(reviewId)}/items/${encodeURIComponent(itemId)}`, {
        body: { decision, reason },
        ...session,
      }),
    exportCsv: async (reviewId) => {
      const response = await respond("GET", `${at(reviewId)}/export`, {
        query: { format: "csv" },
        ...session,
      });
      const disposition = response.headers.get("Content-Disposition") ?? "";
      const named = /filename="([^"]+)"/.exec(disposition)?.[1];
      return { file: await response.blob(), filename: named ?? `access-review-${reviewId}.csv` };
    },
  };
}

/** The tenant's reviews: its users and the staff grants made to it. */
export const TENANT_REVIEWS = reviewCalls("/access-reviews");

/** The platform's reviews: every member of staff and every grant they held. */
export const PLATFORM_REVIEWS = reviewCalls("/staff/access-reviews", staffTokens);
