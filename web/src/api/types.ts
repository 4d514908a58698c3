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

// ---- The staff console (/v1/staff): the member of staff and their access requests.

export type StaffRole = "engineer" | "lead" | "security";
export type AccessScope = "read" | "write";
export const ACCESS_SCOPES: readonly AccessScope[] = ["read", "write"];
export type AccessState =
  "pending" | "approved" | "expired" | "revoked" | "denied" | "expired-pending";
/** The longest grant a member of staff may ask for, in minutes. */
export const MAX_ACCESS_MINUTES = 240;

export interface StaffMe {
  readonly staff_id: string;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
}

/** A grant request as the tenant's admins see it (GET /v1/tenant/staff-access). */
export interface StaffAccess {
  readonly request_id: string;
  readonly staff_name: string;
  readonly staff_role: StaffRole;
  readonly scope: AccessScope;
  readonly reason: string;
  readonly ticket: string;
  readonly duration_minutes: number;
  readonly state: AccessState;
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

/** A grant request as the staff console sees it: which tenant, whose. */
export interface AccessRequest extends Omit<StaffAccess, "requests_made"> {
  readonly tenant_id: string;
  readonly staff_id: string;
}

export interface NewAccessRequest {
  readonly tenant_id: string;
  readonly scope: AccessScope;
  readonly reason: string;
  readonly ticket: string;
  readonly duration_minutes: number;
}

// Uploads (/v1/uploads).

export type UploadStatus =
  | "pending"
  | "received"
  | "validating"
  | "calculating"
  | "completed"
  | "rejected"
  | "failed"
  | "duplicate";

/** A row error (`message`) or a personal-data finding (`kind`, never the value). */
export interface UploadProblem {
  readonly row: number;
  readonly column: string | null;
  readonly message?: string;
  readonly kind?: string;
}

export interface Upload {
  readonly upload_id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly format: string;
  readonly sheet: string | null;
  readonly size: number;
  readonly status: UploadStatus;
  readonly reason: string | null;
  readonly rows_total: number | null;
  readonly rows_done: number;
  readonly error_count: number;
  readonly errors?: readonly UploadProblem[] | null;
  readonly totals: { readonly co2e_kg?: number } | null;
  readonly gwp_set: GwpSet;
  readonly calculation_id: string | null;
  readonly current_calculation: string | null;
  readonly duplicate_of: string | null;
  readonly replaces: string | null;
  readonly replaced_by: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface UploadPage {
  readonly uploads: readonly Upload[];
  readonly next_cursor?: string | null;
}

/** POST /v1/uploads with a presign request: 201 with the PUT, or 200 with an earlier upload. */
export interface PresignedUpload {
  readonly upload_id: string;
  readonly upload_url: string;
  readonly upload_headers: Readonly<Record<string, string>>;
  readonly expires_at: string;
  readonly status: "pending";
}

export interface EarlierUpload {
  readonly upload_id: string;
  readonly status: UploadStatus;
  readonly duplicate: boolean;
}

export interface RecalculationStarted {
  readonly upload_id: string;
  readonly calculation_id: string;
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
