// The inventory over years: its settings (base year, reporting year, consolidation,
// recalculation threshold), the base year's snapshots, checked against what is published, and
// the uncertainty figures the organisation states.
import { request } from "./client";
import type {
  BaseYearSnapshot,
  BaseYearStatus,
  GwpSet,
  InventorySettings,
  InventorySettingsRequest,
  UncertaintyStatement,
  UncertaintyStatementRequest,
} from "./types";

export function getInventorySettings(): Promise<InventorySettings> {
  return request<InventorySettings>("GET", "/tenant/inventory");
}

export function saveInventorySettings(
  settings: InventorySettingsRequest,
): Promise<InventorySettings> {
  return request<InventorySettings>("PUT", "/tenant/inventory", { body: settings });
}

/** The latest snapshot and whether it needs recalculating (a 404 while no base year is set). */
export function getBaseYear(gwp: GwpSet): Promise<BaseYearStatus> {
  return request<BaseYearStatus>("GET", "/inventory/base-year", { query: { gwp } });
}

export function recalculateBaseYear(): Promise<BaseYearSnapshot> {
  return request<BaseYearSnapshot>("POST", "/inventory/base-year/recalculate");
}

/** Every snapshot taken, newest first. */
export async function baseYearHistory(): Promise<readonly BaseYearSnapshot[]> {
  return (
    await request<{ snapshots: readonly BaseYearSnapshot[] }>("GET", "/inventory/base-year/history")
  ).snapshots;
}

export function getUncertaintyStatement(): Promise<UncertaintyStatement> {
  return request<UncertaintyStatement>("GET", "/tenant/inventory/uncertainty");
}

/** Replaces the whole statement; calculations started from now on apply it. */
export function saveUncertaintyStatement(
  statement: UncertaintyStatementRequest,
): Promise<UncertaintyStatement> {
  return request<UncertaintyStatement>("PUT", "/tenant/inventory/uncertainty", {
    body: statement,
  });
}
