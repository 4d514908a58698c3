// The sections of Administration, with the roles the API lets use each (x-footprint-roles in
// layers/footprint/footprint/api/openapi.json): admins see them all, auditors the audit log
// and staff access, read-only.
import type { Role } from "./api/types";
import type { MessageKey } from "./i18n";

export type AdminSectionId =
  | "users"
  | "allowlist"
  | "sso"
  | "domains"
  | "tokens"
  | "audit"
  | "staff-access"
  | "access-reviews"
  | "inventory"
  | "uncertainty";

export interface AdminSection {
  readonly id: AdminSectionId;
  readonly path: string;
  readonly title: MessageKey;
  readonly summary: MessageKey;
  readonly roles: readonly Role[];
}

export const ADMIN_PATH = "/admin";
export const ADMINS_AND_AUDITORS: readonly Role[] = ["admin", "auditor"];
const ADMINS: readonly Role[] = ["admin"];

const section = (
  id: AdminSectionId,
  title: MessageKey,
  summary: MessageKey,
  roles: readonly Role[],
): AdminSection => ({ id, path: sectionPath(id), title, summary, roles });

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  section("users", "users.title", "users.summary", ADMINS),
  section("allowlist", "allowlist.title", "allowlist.summary", ADMINS),
  section("sso", "sso.title", "sso.summary", ADMINS),
  section("domains", "domains.title", "domains.summary", ADMINS),
  section("tokens", "tokens.title", "tokens.summary", ADMINS),
  section("audit", "audit.title", "audit.summary", ADMINS_AND_AUDITORS),
  section("staff-access", "staffAccess.title", "staffAccess.summary", ADMINS_AND_AUDITORS),
  section("access-reviews", "reviews.title", "reviews.summary", ADMINS_AND_AUDITORS),
  section("inventory", "inventorySettings.title", "inventorySettings.summary", ADMINS),
  // Every role may read the statement (GET); Administration is open to admins and auditors.
  section("uncertainty", "uncertainty.title", "uncertainty.summary", ADMINS_AND_AUDITORS),
];

export function sectionsFor(role: Role | null): readonly AdminSection[] {
  return ADMIN_SECTIONS.filter((each) => role !== null && each.roles.includes(role));
}

/** Where a section is, for a link to it from another screen. */
export function sectionPath(id: AdminSectionId): string {
  return `${ADMIN_PATH}/${id}`;
}
