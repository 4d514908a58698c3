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
  /** False for someone who signs in only through SSO: no password to change. */
  readonly has_password: boolean;
  readonly tenant_id: string;
  readonly tenant_name: string;
}

export interface SummaryTotals extends Quality, Ranged<TotalUncertainty> {
  readonly row_share: number;
  readonly co2e_kg: number;
  readonly co2e_t: number;
  readonly gases_kg: Readonly<Record<string, number>>;
  readonly biogenic_co2_kg: number;
  readonly co2e_market_based_kg: number;
  readonly co2e_market_based_t: number;
}

/** A total's emissions-weighted data-quality score, 1 (best) to 5, and the share of its CO2e
 * that carries a score; both null where nothing is scored (docs/inventory-management.md). */
export interface Quality {
  readonly quality_score?: number | null;
  readonly quality_coverage?: number | null;
}

/** A 95 % range of a location-based CO2e, and what it covers (IPCC Approach 1). */
export interface TotalUncertainty {
  readonly confidence: number;
  readonly half_width_kg: number;
  readonly half_width_pct: number;
  readonly low_kg: number;
  readonly high_kg: number;
  readonly covered_co2e_kg: number;
  readonly not_covered_co2e_kg: number;
  readonly method: string;
}

/** A range, or null with the reason there is none (`no published default`...). */
export interface Ranged<Range> {
  readonly uncertainty?: Range | null;
  readonly uncertainty_reason?: string | null;
}

export interface SummaryGroup extends Quality, Ranged<TotalUncertainty> {
  readonly key: string;
  readonly row_share: number;
  readonly co2e_kg: number;
  readonly co2e_t: number;
  readonly gases_kg: Readonly<Record<string, number>>;
  readonly biogenic_co2_kg: number;
  /** Location-based CO2e by scope: `scope-1`, `scope-2`, `scope-3`. */
  readonly co2e_kg_by_scope: Readonly<Record<string, number>>;
  /** A category group's scope and GHG Protocol category number (Scope 3). */
  readonly scope?: number | null;
  readonly ghg_category?: number | null;
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
  /** Each scope's quality (`scope-1`...), whatever the grouping. */
  readonly quality_by_scope?: Readonly<Record<string, Quality>>;
  /** The base year's latest snapshot beside the span; null until one is set. */
  readonly base_year?: BaseYearBeside | null;
}

/** The base year's figures in kg CO2e, under the summary's GWP set. */
export interface BaseYearFigures {
  readonly scope_1: number;
  readonly scope_2_location: number;
  readonly scope_2_market: number;
  readonly scope_3: number;
  readonly total_location: number;
  readonly total_market: number;
}

export interface BaseYearBeside {
  readonly base_year: number;
  readonly from: string;
  readonly to: string;
  readonly snapshot_taken_at: string;
  readonly figures: BaseYearFigures;
  readonly recalculation_needed: boolean;
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
  /** False for someone who signs in only through SSO (or not yet joined). */
  readonly has_password: boolean;
}

/** One of the signed-in person's live sessions (`GET /v1/me/sessions`). */
export interface AccountSession {
  readonly session_id: string;
  readonly method: string;
  /** The address of its last use. */
  readonly source_ip: string;
  /** "Chrome on Windows" and the like; null for a session older than the label. */
  readonly device: string | null;
  readonly created_at: string;
  readonly last_used_at: string;
  readonly current: boolean;
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
  /** `no_verified_domain`: SSO is on while the tenant has verified no domain. */
  readonly warnings: readonly SsoWarning[];
}

export type SsoWarning = "no_verified_domain";

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

/** What a review item reviews: a tenant's user, a member of staff (the platform's review),
 * or a staff grant (both: to the tenant, or any grant of the quarter). */
export type AccessReviewItemKind = "user" | "staff" | "staff_grant";

export interface AccessReviewItem {
  /** The user's or member of staff's id, or the grant's id. */
  readonly item_id: string;
  readonly kind: AccessReviewItemKind;
  /** Whose access: the user, or the member of staff (also a grant's holder). */
  readonly subject_id: string;
  readonly email?: string | null;
  readonly name: string;
  readonly role: Role | StaffRole;
  /** The person's status, or the grant's state, when the review opened. */
  readonly status: string;
  readonly sign_in_method?: "password" | "sso" | "none" | null;
  readonly last_signed_in_at?: string | null;
  readonly mfa_enabled?: boolean | null;
  /** A grant's tenant (the platform's review names it). */
  readonly grant_tenant_id?: string | null;
  readonly scope?: AccessScope | null;
  readonly grant_reason?: string | null;
  readonly ticket?: string | null;
  /** The approving lead's name. */
  readonly approved_by?: string | null;
  readonly starts_at?: string | null;
  readonly ends_at?: string | null;
  /** Requests made under the grant. */
  readonly requests?: number | null;
  readonly decision?: ReviewDecision | null;
  readonly reason?: string | null;
  readonly decided_by?: string | null;
  readonly decided_by_email?: string | null;
  readonly decided_at?: string | null;
}

export interface AccessReviewDetail extends AccessReview {
  readonly items: readonly AccessReviewItem[];
}

// Per-line results and the factor library (the Lines and Factors screens).

/** A factor a line's numbers came from, as its provenance names it. */
export interface FactorReference {
  readonly id: string;
  readonly source: string;
  readonly edition?: string;
  readonly released?: string;
  readonly licence?: string;
  readonly file?: string;
  readonly table?: string;
  readonly row?: string | number;
  readonly region?: string;
  /** `CO2 53.06 kg/mmBtu [C12]`: gas, value, unit and the cell it was read from. */
  readonly values?: readonly string[];
}

export interface Provenance {
  readonly factors: readonly FactorReference[];
  readonly gwp_set: GwpSet;
  readonly gwp: Readonly<Record<string, number>>;
  readonly unit_path: readonly string[];
  readonly formula: string;
  readonly notes: readonly string[];
}

export type Line = {
  readonly upload_id: string;
  readonly row: number;
  readonly facility: string;
  readonly period_start: string;
  readonly period_end: string;
  readonly category: string;
  readonly activity: string;
  readonly quantity: number;
  readonly unit: string | null;
  readonly distance: number | null;
  readonly distance_unit: string | null;
  readonly scope: number;
  readonly ghg_category: number | null;
  readonly co2e_kg: number;
  readonly co2e_kg_by_gwp_set: Readonly<Record<string, number>>;
  readonly market_based_co2e_kg: number | null;
  readonly market_basis: string | null;
  readonly biogenic_co2_kg: number;
  readonly reference: string | null;
  readonly provenance: Provenance;
  /** Null for a line stored before lines were scored. */
  readonly quality?: LineQuality | null;
} & Ranged<LineUncertainty>;

/** One rule of the data-quality table applied to a line (footprint/domain/quality.py). */
export interface QualityReason {
  readonly rule: string;
  readonly indicator: string;
  readonly points: number;
  readonly reason: string;
}

export interface LineQuality {
  readonly score: number;
  readonly reasons: readonly QualityReason[];
}

/** A line's 95 % range: its activity data's and its factor's, combined. */
export interface LineUncertainty {
  readonly confidence: number;
  readonly half_width_kg: number;
  readonly half_width_pct: number;
  readonly low_kg: number;
  readonly high_kg: number;
}

export interface LinesPage {
  readonly upload_id: string | null;
  readonly calculation_id: string | null;
  readonly lines: readonly Line[];
  readonly next_cursor: string | null;
}

export interface FactorValue {
  readonly gas: string;
  readonly value: number;
  readonly unit: string;
  readonly cell: string;
}

export interface Factor {
  readonly id: string;
  readonly source: string;
  readonly edition: string;
  readonly publisher: string;
  readonly released: string;
  readonly licence: string;
  readonly edition_notes: readonly string[];
  readonly categories: readonly string[];
  readonly activity: string;
  readonly label: string;
  readonly region: string;
  readonly unit: string;
  readonly source_unit: string;
  readonly table: string;
  readonly row: string;
  readonly gwp_basis: string | null;
  readonly published_co2e_total: { readonly value: number; readonly cell: string } | null;
  readonly values: readonly FactorValue[];
}

export interface Edition {
  readonly source: string;
  readonly publisher: string;
  readonly title: string;
  readonly edition: string;
  readonly released: string;
}

export interface FactorPage {
  readonly factors: readonly Factor[];
  readonly count: number;
  readonly editions: readonly Edition[];
}

// Edition impact (GET /v1/emissions/impact): an upload's lines with another edition or GWP set.

/** One side of a moved cell: the factor, its edition and the published cell and value. */
export interface ImpactCell {
  readonly factor_id: string;
  readonly edition: string;
  readonly cell: string;
  readonly value: number;
  readonly unit: string;
}

export interface ImpactFactorCell {
  readonly gas: string;
  readonly publisher: string;
  readonly table: string;
  readonly row: string;
  readonly old: ImpactCell | null;
  readonly new: ImpactCell | null;
}

export interface ImpactGwp {
  readonly gas: string;
  readonly old_gwp_set: string | null;
  readonly old: number | null;
  readonly new_gwp_set: string | null;
  readonly new: number | null;
}

export interface ImpactLine {
  readonly row: number;
  readonly category: string;
  readonly activity: string;
  readonly old_co2e_kg: number;
  readonly new_co2e_kg: number;
  readonly change_kg: number;
  readonly factor_cells: readonly ImpactFactorCell[];
  readonly gwp: readonly ImpactGwp[];
}

export interface Impact {
  readonly upload_id: string;
  readonly from_calculation: string;
  readonly to_calculation: string | null;
  readonly edition: string | null;
  readonly old_gwp_set: string | null;
  readonly new_gwp_set: string | null;
  readonly lines_total: number;
  readonly old_co2e_kg: number;
  readonly new_co2e_kg: number;
  readonly change_kg: number;
  /** By absolute change, largest first. */
  readonly lines: readonly ImpactLine[];
  readonly next_cursor: string | null;
}

// Verified domains (GET /v1/tenant/domains).
export interface Domain {
  readonly domain: string;
  readonly status: "pending" | "verified";
  readonly record_name: string;
  readonly record_value: string;
  readonly claimed_at: string;
  readonly verified_at: string | null;
}

// Integration tokens (/v1/tenant/tokens): a machine client's credential, never an admin's.
export type TokenRole = "editor" | "viewer";
export const TOKEN_ROLES: readonly TokenRole[] = ["editor", "viewer"];
export type TokenState = "active" | "revoked" | "expired";
/** The longest a token may live, in days (the API checks the same). */
export const MAX_TOKEN_DAYS = 365;
/** The longest name a token may have, in characters (the API checks the same). */
export const MAX_TOKEN_NAME = 100;

/** A token as listed: times in seconds since the epoch, the people by user id. */
export interface IntegrationToken {
  readonly token_id: string;
  readonly name: string;
  readonly role: TokenRole;
  readonly state: TokenState;
  readonly created_by: string;
  readonly created_at: number;
  readonly expires_at: number;
  readonly revoked_at?: number | null;
  readonly revoked_by?: string | null;
  readonly last_used_at?: number | null;
  readonly uses: number;
}

export interface NewIntegrationTokenRequest {
  readonly name: string;
  readonly role: TokenRole;
  readonly expires_in_days: number;
}

/** A token just made, with its value: the only answer that carries it. */
export interface NewIntegrationToken {
  readonly token: IntegrationToken;
  readonly secret: string;
}

// ---- Inventory over years: settings, the base year's snapshots, reduction targets

export type Consolidation = "operational" | "financial" | "equity";
export const CONSOLIDATIONS: readonly Consolidation[] = ["operational", "financial", "equity"];

/** The API's default recalculation threshold, in percent (InventorySettingsBody in the OpenAPI
 * document; a unit test holds the two together). */
export const DEFAULT_RECALCULATION_THRESHOLD_PCT = 5;

/** What PUT /v1/tenant/inventory takes. */
export interface InventorySettingsRequest {
  readonly base_year: number | null;
  readonly reporting_year_start_month: number;
  readonly consolidation: Consolidation | null;
  readonly recalculation_threshold_pct: number | null;
}

/** The settings as GET and PUT /v1/tenant/inventory answer them (`configured: false` and the
 * defaults until an admin sets a base year). */
export interface InventorySettings {
  readonly configured: boolean;
  readonly base_year: number | null;
  readonly reporting_year_start_month: number;
  readonly consolidation: Consolidation | null;
  readonly recalculation_threshold_pct: number;
  readonly base_year_from: string | null;
  readonly base_year_to: string | null;
  readonly snapshot_taken: boolean;
}

/** kg CO2e by scope under one GWP set, Scope 2 both ways, and the totals both ways. */
export interface ScopeFigures {
  readonly scope_1: number;
  readonly scope_2_location: number;
  readonly scope_2_market: number;
  readonly scope_3: number;
  readonly total_location: number;
  readonly total_market: number;
}

export type Scope2Method = "location" | "market";

export interface BaseYearSnapshot {
  readonly snapshot_id: string;
  readonly taken_at: string;
  readonly taken_by: string | null;
  readonly reason: "base_year_set" | "recalculated";
  readonly base_year: number;
  readonly from: string;
  readonly to: string;
  /** By GWP set. */
  readonly figures: Readonly<Partial<Record<GwpSet, ScopeFigures>>>;
  readonly calculations: number;
}

/** The base year's total then (the snapshot) and now, under one GWP set and Scope 2 method. */
export interface BaseYearChange {
  readonly gwp_set: GwpSet;
  readonly method: Scope2Method;
  readonly old_co2e_kg: number;
  readonly new_co2e_kg: number;
  /** null: growth from nothing. */
  readonly change_pct: number | null;
}

export type BaseYearCauseKind = "upload_published" | "upload_withdrawn" | "upload_recalculated";

/** An upload whose published calculation differs from the snapshot's. */
export interface BaseYearCause {
  readonly kind: BaseYearCauseKind;
  readonly upload_id: string;
  readonly old_calculation_id: string | null;
  readonly new_calculation_id: string | null;
  readonly editions_removed: readonly string[];
  readonly editions_added: readonly string[];
  readonly old_co2e_kg: number;
  readonly new_co2e_kg: number;
  readonly change_of_base_year_pct: number | null;
}

/** GET /v1/inventory/base-year. */
export interface BaseYearStatus {
  readonly base_year: number;
  readonly recalculation_threshold_pct: number;
  readonly recalculation_needed: boolean;
  readonly gwp_set: GwpSet;
  readonly snapshot: BaseYearSnapshot;
  readonly changes: readonly BaseYearChange[];
  /** Largest change first. */
  readonly causes: readonly BaseYearCause[];
}

export type TargetScope = 1 | 2 | 3;
export const TARGET_SCOPES: readonly TargetScope[] = [1, 2, 3];

/** What POST /v1/targets takes. */
export interface TargetRequest {
  readonly name: string;
  readonly scopes: readonly TargetScope[];
  readonly scope2_method: Scope2Method;
  readonly base_year: number | null;
  readonly target_year: number | null;
  readonly reduction_pct: number | null;
}

/** An absolute-contraction reduction target. */
export interface Target {
  readonly target_id: string;
  readonly name: string;
  readonly scopes: readonly TargetScope[];
  readonly scope2_method: Scope2Method;
  readonly base_year: number;
  readonly target_year: number;
  readonly reduction_pct: number;
  readonly created_at: string;
  readonly created_by: string | null;
}

/** One reporting year of a target's progress; null where nothing is published for it. */
export interface TargetYear {
  readonly year: number;
  readonly pathway_co2e_kg: number;
  readonly actual_co2e_kg: number | null;
  readonly gap_co2e_kg: number | null;
}

/** GET /v1/targets/{target_id}/progress. */
export interface TargetProgress {
  readonly target: Target;
  readonly gwp_set: GwpSet;
  readonly base_year_co2e_kg: number;
  readonly years: readonly TargetYear[];
  readonly latest_year: number | null;
  readonly on_track: boolean | null;
}

/** One category's uncertainty figures as the organisation states them: each part's half-width
 * of the 95 % interval, in % of the value, with what it rests on; a part not stated is null. */
export interface StatedCategory {
  readonly activity_pct: number | null;
  readonly activity_source: string | null;
  readonly factor_pct: number | null;
  readonly factor_source: string | null;
}

/** What PUT /v1/tenant/inventory/uncertainty takes: the whole statement, by category name. A
 * figure that is not a number goes as typed, so the API names its field. */
export interface UncertaintyStatementRequest {
  readonly categories: Readonly<
    Record<
      string,
      {
        readonly activity_pct?: number | string | null;
        readonly activity_source?: string | null;
        readonly factor_pct?: number | string | null;
        readonly factor_source?: string | null;
      }
    >
  >;
}

/** A category's published defaults (a part without one is null) and what was searched for a
 * part without one. */
export interface PublishedCategory extends StatedCategory {
  readonly searched: string;
}

/** The statement as GET and PUT /v1/tenant/inventory/uncertainty answer it: the stated
 * figures, its SHA-256, when it was last stated, and the published defaults beside it. */
export interface UncertaintyStatement {
  readonly categories: Readonly<Record<string, StatedCategory>>;
  readonly digest: string;
  readonly updated_at: string | null;
  readonly published: Readonly<Record<string, PublishedCategory>>;
}
