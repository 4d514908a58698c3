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
