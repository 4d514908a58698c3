import { useEffect, useState } from "preact/hooks";
import { en, type MessageKey } from "./en";
import { ja } from "./ja";
import { preferences } from "../preferences";

export type { MessageKey } from "./en";
export type Locale = "en" | "ja";
export const LOCALES: readonly Locale[] = ["en", "ja"];
export type Params = Readonly<Record<string, string | number>>;

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, ja };

function initialLocale(): Locale {
  const saved = preferences.get("locale");
  if (saved === "en" || saved === "ja") return saved;
  return navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en";
}

let current: Locale = initialLocale();
const listeners = new Set<() => void>();

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  preferences.set("locale", next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** The current catalogue's text for `key`, with `{name}` replaced by `params.name`. */
export function t(key: MessageKey, params: Params = {}): string {
  return format(catalogues[current][key], params);
}

export function format(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A number as the current locale writes it, with a fixed number of decimals. */
export function formatNumber(value: number, decimals = 1): string {
  return new Intl.NumberFormat(current, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** A year and month (`2025-01`) as the current locale writes it. */
export function formatMonth(yearMonth: string): string {
  const [year, month] = yearMonth.split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1));
  return new Intl.DateTimeFormat(current, {
    year: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(date);
}

/** A moment (an ISO 8601 timestamp) as the current locale writes it, to the minute. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

/** Re-render the calling component when the language changes; answers the current one. */
export function useLocale(): Locale {
  const [value, setValue] = useState(current);
  useEffect(() => {
    const listener = (): void => setValue(current);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return value;
}

document.documentElement.lang = current;
