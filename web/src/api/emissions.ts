import { request } from "./client";
import type { GwpSet, Summary } from "./types";

/** Totals for a month range (`YYYY-MM`), grouped by scope unless asked otherwise. */
export function summary(
  from: string,
  to: string,
  gwp: GwpSet,
  groupBy: Summary["group_by"] = "scope",
): Promise<Summary> {
  return request<Summary>("GET", "/emissions/summary", {
    query: { from, to, gwp, group_by: groupBy },
  });
}
