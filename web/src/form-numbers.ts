// Numbers as a form takes them and as the inventory screens write percentages.
import { locale, t } from "./i18n";

/** A number typed in a form (full-width digits too), or null when blank or not a number: the
 * API then names the field. */
export function typedNumber(text: string): number | null {
  const trimmed = text.normalize("NFKC").trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A percentage as the reader's language writes it, up to two decimals. */
export function percentText(value: number): string {
  const number = new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(value);
  return t("inventory.percent", { value: number });
}
