// Access reviews: each quarter's review of who can reach the tenant's data, newest first.
import type { JSX } from "preact";
import { TENANT_REVIEWS } from "../../api/access-reviews";
import { AccessReviewList } from "../../components/AccessReviewList";
import { AdminNav } from "../../components/AdminNav";
import { t } from "../../i18n";

export function reviewPath(reviewId: string): string {
  return `/admin/access-reviews/${encodeURIComponent(reviewId)}`;
}

export function AccessReviews(): JSX.Element {
  return (
    <section class="admin" aria-labelledby="reviews-title">
      <AdminNav />
      <h1 id="reviews-title">{t("reviews.title")}</h1>
      <p class="lead">{t("reviews.intro")}</p>
      <AccessReviewList
        calls={TENANT_REVIEWS}
        pathOf={reviewPath}
        caption={t("reviews.caption")}
        none={t("reviews.none")}
      />
    </section>
  );
}
