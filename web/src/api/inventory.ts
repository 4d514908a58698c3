// The inventory over years: its settings (base year, reporting year, consolidation,
// recalculation threshold) and the base year's snapshots, checked against what is published.
import { request } from "./client";
import type {
  BaseYearSnapshot,
  BaseYearStatus,
  GwpSet,
  InventorySettings,
  InventorySettingsRequest,
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
