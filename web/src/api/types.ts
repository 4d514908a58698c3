// The API's answers the app reads, as layers/footprint/footprint/api/openapi.json declares them.

export type Role = "admin" | "editor" | "viewer" | "auditor";
export type GwpSet = "AR4" | "AR5" | "AR6";
export const GWP_SETS: readonly GwpSet[] = ["AR4", "AR5", "AR6"];

export interface Me {
  readonly user_id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: string;
  readonly mfa_enabled: boolean;
  readonly tenant_id: string;
  readonly tenant_name: string;
}

export interface SummaryTotals {
  readonly row_share: number;
  readonly co2e_kg: number;
  readonly co2e_t: number;
  readonly gases_kg: Readonly<Record<string, number>>;
  readonly biogenic_co2_kg: number;
  readonly co2e_market_based_kg: number;
  readonly co2e_market_based_t: number;
}

export interface SummaryGroup {
  readonly key: string;
  readonly row_share: number;
  readonly co2e_kg: number;
  readonly co2e_t: number;
  readonly gases_kg: Readonly<Record<string, number>>;
  readonly biogenic_co2_kg: number;
}

export interface Summary {
  readonly from: string;
  readonly to: string;
  readonly gwp_set: GwpSet;
  readonly group_by: "scope" | "category" | "facility" | "month";
  readonly totals: SummaryTotals;
  readonly scope_2: {
    readonly location_based_kg: number;
    readonly market_based_kg: number;
    readonly location_based_t: number;
    readonly market_based_t: number;
  };
  readonly groups: readonly SummaryGroup[];
}

// Administration: users, tenant settings, single sign-on, the audit log, staff access.

export const ROLES: readonly Role[] = ["admin", "editor", "viewer", "auditor"];
export type UserStatus = "active" | "invited" | "disabled";

export interface User {
  readonly user_id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: UserStatus;
  readonly mfa_enabled: boolean;
}

export interface Invitation {
  readonly user: User;
  /** One-time: redeemed at /v1/auth/invitation with the invitee's first password. */
  readonly invitation: string;
  /** Epoch seconds. */
  readonly expires_at: number;
}

export interface TenantSettings {
  readonly ip_allowlist: readonly string[];
  readonly staff_access_requires_customer_approval: boolean;
}

export interface SsoSettings {
  readonly idp_metadata_xml: string;
  readonly email_attribute: string;
  readonly name_attribute: string;
  readonly default_role: Role;
  readonly password_login: boolean;
}

export interface SsoView {
  readonly configured: boolean;
  readonly settings: SsoSettings | null;
  readonly service_provider: {
    readonly entity_id: string;
    readonly acs_url: string;
    readonly metadata_url: string;
    readonly login_url: string;
  };
  readonly identity_provider: {
    readonly entity_id: string;
    readonly sso_url: string;
    readonly signing_certificates: readonly {
      readonly sha256_fingerprint: string;
      readonly not_after: string;
    }[];
  } | null;
}

export interface AuditEvent {
  readonly event_id: string;
  readonly at: string;
  readonly action: string;
  readonly outcome: "success" | "failure";
  readonly actor?: string | null;
  readonly target?: string | null;
  readonly source_ip: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface AuditPage {
  readonly events: readonly AuditEvent[];
  readonly next_cursor?: string | null;
}

export type StaffAccessState =
  "pending" | "approved" | "expired" | "revoked" | "denied" | "expired-pending";

export interface StaffAccess {
  readonly request_id: string;
  readonly staff_name: string;
  readonly staff_role: "engineer" | "lead" | "security";
  readonly scope: "read" | "write";
  readonly reason: string;
  readonly ticket: string;
  readonly duration_minutes: number;
  readonly state: StaffAccessState;
  readonly requested_at: string;
  readonly needs_customer_approval: boolean;
  readonly approver_name?: string | null;
  readonly customer_approver_name?: string | null;
  readonly closed_by_name?: string | null;
  readonly closed_reason?: string | null;
  readonly starts_at?: string | null;
  readonly ends_at?: string | null;
  readonly requests_made: number;
}

// Access reviews: each quarter, every person's access attested or revoked.

export type ReviewStatus = "open" | "completed" | "overdue";
export type ReviewDecision = "attest" | "revoke";

export interface AccessReview {
  readonly review_id: string;
  readonly quarter: string;
  readonly status: ReviewStatus;
  readonly opened_at: string;
  readonly remind_at: string;
  readonly due_at: string;
  readonly item_count: number;
  readonly decided_count: number;
  readonly completed_at?: string | null;
}

export interface AccessReviewItem {
  readonly item_id: string;
  readonly subject_id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: string;
  readonly sign_in_method: "password" | "sso" | "none";
  readonly last_signed_in_at: string | null;
  readonly mfa_enabled: boolean;
  readonly decision?: ReviewDecision | null;
  readonly reason?: string | null;
  readonly decided_by_email?: string | null;
  readonly decided_at?: string | null;
}

export interface AccessReviewDetail extends AccessReview {
  readonly items: readonly AccessReviewItem[];
}
