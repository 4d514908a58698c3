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

export interface Line {
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
