// Which lines the Lines screen shows, as its address carries it: an upload's, or the lines
// behind a total (a span of months, narrowed by scope, category or facility), and the GWP set
// the numbers are read under. The dashboard links each figure to the filter behind it.
import type { GwpSet } from "./api/types";
import { GWP_SETS } from "./api/types";

export interface LinesFilter {
  readonly upload?: string;
  readonly from?: string;
  readonly to?: string;
  readonly scope?: number;
  readonly category?: string;
  readonly facility?: string;
}

const TEXT_FIELDS = ["upload", "from", "to", "category", "facility"] as const;

export function linesHref(filter: LinesFilter, gwp: GwpSet): string {
  const query = new URLSearchParams();
  for (const name of TEXT_FIELDS) {
    const value = filter[name];
    if (value) query.set(name, value);
  }
  if (filter.scope) query.set("scope", String(filter.scope));
  query.set("gwp", gwp);
  return `/lines?${query.toString()}`;
}

export function filterOf(query: URLSearchParams): LinesFilter {
  const filter: Record<string, string | number> = {};
  for (const name of TEXT_FIELDS) {
    const value = query.get(name);
    if (value) filter[name] = value;
  }
  const scope = Number(query.get("scope"));
  if ([1, 2, 3].includes(scope)) filter["scope"] = scope;
  return filter as LinesFilter;
}

export function gwpOf(query: URLSearchParams): GwpSet {
  const gwp = query.get("gwp") as GwpSet | null;
  return gwp && GWP_SETS.includes(gwp) ? gwp : "AR5";
}
