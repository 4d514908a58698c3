// The GWP sets as a select offers them, in the reader's language: one list for every screen
// that asks for one (dashboard, base year, targets, reports, impact).
import { GWP_SETS } from "./api/types";
import { t } from "./i18n";

export function gwpOptions(): { readonly value: string; readonly label: string }[] {
  return GWP_SETS.map((set) => ({ value: set, label: t("dashboard.gwpOption", { set }) }));
}
