// What the inventory screens (settings, base year, targets) share: a number as a form takes
// it, a percentage and a Scope 2 method in the reader's words.
import type { Scope2Method } from "./api/types";
import { locale, type MessageKey, t } from "./i18n";

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

const METHOD_NAMES: Readonly<Record<Scope2Method, MessageKey>> = {
  location: "inventory.location",
  market: "inventory.market",
};

/** How Scope 2 is counted, in words ("Location-based"). */
export function scope2MethodName(method: Scope2Method): string {
  return t(METHOD_NAMES[method]);
}
