// One of the tenant's access reviews: its users and the staff grants made to it that quarter.
// Admins decide each item but their own; auditors read and export.
import type { JSX } from "preact";
import { TENANT_REVIEWS } from "../../api/access-reviews";
import type { Me, Role } from "../../api/types";
import { AccessReviewDetailView, type ReviewRules } from "../../components/AccessReviewDetail";
import { AdminNav } from "../../components/AdminNav";
import type { ScreenProps } from "../../routes";
import { useMe } from "../../session";
import { roleName, statusName } from "./Users";

export function tenantReviewRules(me: Me | null): ReviewRules {
  const isOwn: ReviewRules["isOwn"] = (item) => me?.user_id === item.subject_id;
  return {
    mayDecide: (item) => me?.role === "admin" && !isOwn(item),
    isOwn,
    roleName: (item) => roleName(item.role as Role),
    statusName: (item) => statusName(item.status),
    awaits: "review.awaits",
    ownAwaits: "review.ownAwaits",
    notOwn: "review.notOwn",
  };
}

export function AccessReview(props: ScreenProps): JSX.Element {
  const me = useMe();
  return (
    <section class="admin" aria-labelledby="review-title">
      <AdminNav />
      <AccessReviewDetailView
        calls={TENANT_REVIEWS}
        reviewId={props.params["id"] ?? ""}
        titleId="review-title"
        rules={tenantReviewRules(me)}
      />
    </section>
  );
}
