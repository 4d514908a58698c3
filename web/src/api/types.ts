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

export interface AccessRequest {
  readonly request_id: string;
  readonly tenant_id: string;
  readonly staff_id: string;
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
