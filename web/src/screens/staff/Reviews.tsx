// The platform's quarterly access reviews (security staff): the list, and one review's items,
// every member of staff and every grant they held in the quarter, each attested or revoked
// by a security reviewer other than its subject.
import type { JSX } from "preact";
import { PLATFORM_REVIEWS } from "../../api/access-reviews";
import type { StaffMe, StaffRole } from "../../api/types";
import { ROLE_WORDS } from "../../components/AccessRequestTable";
import { AccessReviewDetailView, type ReviewRules } from "../../components/AccessReviewDetail";
import { AccessReviewList } from "../../components/AccessReviewList";
import { type MessageKey, t } from "../../i18n";
import type { StaffScreenProps } from "../../staff-routes";

export const STAFF_REVIEWS_PATH = "/staff/reviews";

const STAFF_STATUS: Record<string, MessageKey> = {
  active: "staffReviews.statusActive",
  disabled: "staffReviews.statusDisabled",
};

export function staffReviewPath(reviewId: string): string {
  return `${STAFF_REVIEWS_PATH}/${encodeURIComponent(reviewId)}`;
}

export function platformReviewRules(me: StaffMe): ReviewRules {
  const isOwn: ReviewRules["isOwn"] = (item) => me.staff_id === item.subject_id;
  return {
    mayDecide: (item) => me.role === "security" && !isOwn(item),
    isOwn,
    roleName: (item) => t(ROLE_WORDS[item.role as StaffRole]),
    statusName: (item) => {
      const key = STAFF_STATUS[item.status];
      return key ? t(key) : item.status;
    },
    awaits: "staffReviews.awaits",
    ownAwaits: "staffReviews.ownAwaits",
    notOwn: "staffReviews.notOwn",
  };
}

export function StaffReviews(): JSX.Element {
  return (
    <section aria-labelledby="staff-reviews-title">
      <h1 id="staff-reviews-title">{t("staffReviews.title")}</h1>
      <p class="lead">{t("staffReviews.intro")}</p>
      <AccessReviewList
        calls={PLATFORM_REVIEWS}
        pathOf={staffReviewPath}
        caption={t("staffReviews.caption")}
        none={t("staffReviews.none")}
      />
    </section>
  );
}

export function StaffReview(props: StaffScreenProps): JSX.Element {
  return (
    <section aria-labelledby="staff-review-title">
      <AccessReviewDetailView
        calls={PLATFORM_REVIEWS}
        reviewId={props.params["id"] ?? ""}
        titleId="staff-review-title"
        rules={platformReviewRules(props.me)}
      />
    </section>
  );
}
