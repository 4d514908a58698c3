// Activity categories in words: the API names a category (`business_travel`) and, in a
// summary grouped by category, its scope and GHG Protocol number; the words are the
// catalogues'.
import { type MessageKey, t } from "./i18n";

const NAMES: Readonly<Record<string, MessageKey>> = {
  stationary_combustion: "category.stationary_combustion",
  mobile_combustion: "category.mobile_combustion",
  refrigerants: "category.refrigerants",
  electricity: "category.electricity",
  steam_heat: "category.steam_heat",
  purchased_goods_services: "category.purchased_goods_services",
  capital_goods: "category.capital_goods",
  fuel_energy_related: "category.fuel_energy_related",
  upstream_transport: "category.upstream_transport",
  waste: "category.waste",
  business_travel: "category.business_travel",
  employee_commuting: "category.employee_commuting",
  upstream_leased_assets: "category.upstream_leased_assets",
  downstream_transport: "category.downstream_transport",
  end_of_life: "category.end_of_life",
};

/** The calculator's categories, Scope 1 first, as the API names them. */
export const CATEGORIES: readonly string[] = Object.keys(NAMES);

/** A category's name; an unknown one (a newer API) as the API spells it. */
export function categoryName(category: string): string {
  const key = NAMES[category];
  return key ? t(key) : category;
}

/** `Scope 3 category 6: Business travel`, or `Scope 1: Stationary combustion`. */
export function categoryLabel(
  category: string,
  scope: number | null | undefined,
  ghgCategory: number | null | undefined,
): string {
  const name = categoryName(category);
  if (ghgCategory) return t("category.scope3Label", { number: ghgCategory, name });
  if (scope) return t("category.scopeLabel", { scope, name });
  return name;
}

/** A scope's name: `scope-1` or 1 gives "Scope 1". */
export function scopeName(scope: string | number): string {
  return t("category.scope", { scope: String(scope).replace("scope-", "") });
}

// The activity categories of Scope 3 by their GHG Protocol category number (the Scope 3
// Standard's Table 5.1), for a report that names a category by its number only.
const SCOPE_3_BY_NUMBER: Readonly<Record<number, string>> = {
  1: "purchased_goods_services",
  2: "capital_goods",
  3: "fuel_energy_related",
  4: "upstream_transport",
  5: "waste",
  6: "business_travel",
  7: "employee_commuting",
  8: "upstream_leased_assets",
  9: "downstream_transport",
  12: "end_of_life",
};

/** `Scope 3 category 6: Business travel` from the number alone; `fallback` (the API's own
 * words) for a category the app has no name for. */
export function scope3CategoryLabel(number: number, fallback: string): string {
  const category = SCOPE_3_BY_NUMBER[number];
  return category ? categoryLabel(category, 3, number) : fallback;
}
