// The screens of the signed-in app, by path. A screen with `nav` appears in the main menu.
// Patterns take `:name` segments, handed to the screen as `params`.
import type { ComponentType } from "preact";
import type { Role } from "./api/types";
import type { MessageKey } from "./i18n";
import { AccessReview } from "./screens/admin/AccessReview";
import { AccessReviews } from "./screens/admin/AccessReviews";
import { AdminHome } from "./screens/admin/AdminHome";
import { Allowlist } from "./screens/admin/Allowlist";
import { AuditLog } from "./screens/admin/AuditLog";
import { Domains } from "./screens/admin/Domains";
import { IntegrationTokens } from "./screens/admin/IntegrationTokens";
import { InventorySettings } from "./screens/admin/InventorySettings";
import { UncertaintyStatement } from "./screens/admin/UncertaintyStatement";
import {
  ADMIN_PATH,
  ADMIN_SECTIONS,
  ADMINS_AND_AUDITORS,
  type AdminSectionId,
} from "./admin-sections";
import { Sso } from "./screens/admin/Sso";
import { StaffAccess } from "./screens/admin/StaffAccess";
import { Users } from "./screens/admin/Users";
import { Account } from "./screens/Account";
import { BaseYear } from "./screens/BaseYear";
import { Dashboard, preloadDashboard } from "./screens/Dashboard";
import { Factors } from "./screens/Factors";
import { Impact } from "./screens/Impact";
import { Lines } from "./screens/Lines";
import { Reports } from "./screens/Reports";
import { Targets } from "./screens/Targets";
import { Upload } from "./screens/Upload";
import { Uploads } from "./screens/Uploads";

export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
}

/** A screen; `Who` is the realm's roles (a tenant's, or the staff's in the console). */
export interface Screen<Props extends ScreenProps = ScreenProps, Who extends string = Role> {
  readonly pattern: string;
  readonly title: MessageKey;
  readonly nav?: MessageKey;
  /** The roles the screen is for (the API's for its routes); every role when absent. */
  readonly roles?: readonly Who[];
  readonly component: ComponentType<Props>;
  /** Starts the screen's first request as soon as there is a token, before it renders; the
   * screen's own ask for the same then shares it. Settles when that request does. */
  readonly preload?: (query: URLSearchParams) => Promise<unknown>;
}

const ADMIN_SCREENS: Record<AdminSectionId, ComponentType<ScreenProps>> = {
  users: Users,
  allowlist: Allowlist,
  sso: Sso,
  domains: Domains,
  tokens: IntegrationTokens,
  audit: AuditLog,
  "staff-access": StaffAccess,
  "access-reviews": AccessReviews,
  inventory: InventorySettings,
  uncertainty: UncertaintyStatement,
};

export const BASE_YEAR_PATH = "/inventory/base-year";
export const TARGETS_PATH = "/targets";

/** My account: every role's own password, recovery codes and sessions (the account menu). */
export const ACCOUNT_PATH = "/account";

export const SCREENS: readonly Screen[] = [
  {
    pattern: "/",
    title: "dashboard.title",
    nav: "nav.dashboard",
    component: Dashboard,
    preload: preloadDashboard,
  },
  { pattern: "/lines", title: "lines.title", nav: "nav.lines", component: Lines },
  { pattern: "/reports", title: "reports.title", nav: "nav.reports", component: Reports },
  { pattern: "/uploads", title: "uploads.title", nav: "nav.uploads", component: Uploads },
  { pattern: "/uploads/:id", title: "upload.title", component: Upload },
  { pattern: "/uploads/:id/impact", title: "impact.title", component: Impact },
  { pattern: "/factors", title: "factors.title", nav: "nav.factors", component: Factors },
  // The inventory over years: every role reads; the screens offer admins their actions.
  { pattern: BASE_YEAR_PATH, title: "baseYear.title", nav: "nav.baseYear", component: BaseYear },
  { pattern: TARGETS_PATH, title: "targets.title", nav: "nav.targets", component: Targets },
  { pattern: ACCOUNT_PATH, title: "myAccount.title", component: Account },
  // Administration: admins; auditors read the audit log and staff access.
  {
    pattern: ADMIN_PATH,
    title: "admin.title",
    nav: "nav.admin",
    roles: ADMINS_AND_AUDITORS,
    component: AdminHome,
  },
  ...ADMIN_SECTIONS.map((section) => ({
    pattern: section.path,
    title: section.title,
    roles: section.roles,
    component: ADMIN_SCREENS[section.id],
  })),
  {
    pattern: "/admin/access-reviews/:id",
    title: "review.title",
    roles: ADMINS_AND_AUDITORS,
    component: AccessReview,
  },
];

/** Whether a person of `role` may open `screen` (null: not known yet). */
export function mayOpen<Who extends string>(
  screen: { readonly roles?: readonly Who[] },
  role: Who | null,
): boolean {
  return screen.roles === undefined || (role !== null && screen.roles.includes(role));
}

/** The parameters of `path` under `pattern`, or null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split("/").filter(Boolean);
  const given = path.split("/").filter(Boolean);
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = given[index] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

/** The first of `screens` whose pattern `path` matches, with its parameters. */
export function findScreen<S extends { readonly pattern: string }>(
  screens: readonly S[],
  path: string,
): { screen: S; params: Record<string, string> } | null {
  for (const screen of screens) {
    const params = match(screen.pattern, path);
    if (params) return { screen, params };
  }
  return null;
}

export function screenFor(path: string): { screen: Screen; params: Record<string, string> } | null {
  return findScreen(SCREENS, path);
}
