// The staff console's screens, by path under /staff, with the staff roles that may open
// each: the menu shows a member only those, and the shell refuses the others.
import type { StaffMe, StaffRole } from "./api/types";
import { mayOpen, type Screen, type ScreenProps } from "./routes";
import { StaffApprovals } from "./screens/staff/Approvals";
import { StaffGrants } from "./screens/staff/Grants";
import { StaffRequests } from "./screens/staff/Requests";
import { STAFF_REVIEWS_PATH, StaffReview, StaffReviews } from "./screens/staff/Reviews";

export const STAFF_ROOT = "/staff";

export interface StaffScreenProps extends ScreenProps {
  readonly me: StaffMe;
}

export interface StaffScreen extends Screen<StaffScreenProps, StaffRole> {
  readonly roles: readonly StaffRole[];
}

export const STAFF_SCREENS: readonly StaffScreen[] = [
  {
    pattern: STAFF_ROOT,
    title: "staff.requests.title",
    nav: "staff.nav.requests",
    roles: ["engineer", "lead", "security"],
    component: StaffRequests,
  },
  {
    pattern: `${STAFF_ROOT}/approvals`,
    title: "staff.approvals.title",
    nav: "staff.nav.approvals",
    roles: ["lead"],
    component: StaffApprovals,
  },
  {
    pattern: `${STAFF_ROOT}/grants`,
    title: "staff.grants.title",
    nav: "staff.nav.grants",
    roles: ["lead", "security"],
    component: StaffGrants,
  },
  {
    pattern: STAFF_REVIEWS_PATH,
    title: "staffReviews.title",
    nav: "staffReviews.nav",
    roles: ["security"],
    component: StaffReviews,
  },
  {
    pattern: `${STAFF_REVIEWS_PATH}/:id`,
    title: "review.title",
    roles: ["security"],
    component: StaffReview,
  },
];

/** Whether `path` belongs to the staff console rather than the app. */
export function isStaffPath(path: string): boolean {
  return path === STAFF_ROOT || path.startsWith(`${STAFF_ROOT}/`);
}

/** The screens a member of staff with `role` may open. */
export function staffScreensFor(role: StaffRole): readonly StaffScreen[] {
  return STAFF_SCREENS.filter((screen) => mayOpen(screen, role));
}
