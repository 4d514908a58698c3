// What the browser checks before any transfer: a file the API would refuse for its type or
// size is refused here, with the reason, and nothing is sent. The API checks again.
import { formatNumber, type MessageKey, t } from "./i18n";

/** The largest file a presigned PUT takes (the API's MAX_PRESIGNED_BYTES). */
export const MAX_UPLOAD_BYTES = 1024 ** 3;

/** Files up to this size are hashed first, so a duplicate is named before any transfer. */
export const HASHED_UP_TO_BYTES = 64 * 1024 ** 2;

export const XLSX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The extensions the API reads, and the media type each is declared with.
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".csv": "text/csv",
  ".xlsx": XLSX_CONTENT_TYPE,
  ".json": "application/json",
  ".jsonl": "application/x-ndjson",
  ".ndjson": "application/x-ndjson",
};

/** The file picker's `accept`: the same extensions. */
export const ACCEPTED = Object.keys(CONTENT_TYPES).join(",");

export function contentTypeOf(filename: string): string | null {
  const dot = filename.lastIndexOf(".");
  if (dot < 0) return null;
  return CONTENT_TYPES[filename.slice(dot).toLowerCase()] ?? null;
}

/** Why `file` cannot be uploaded (its words take `name` and `size`), or null when it may be. */
export function refusalOf(file: {
  readonly name: string;
  readonly size: number;
}): MessageKey | null {
  if (contentTypeOf(file.name) === null) return "uploads.refusedType";
  if (file.size > MAX_UPLOAD_BYTES) return "uploads.refusedSize";
  if (file.size === 0) return "uploads.refusedEmpty";
  return null;
}

const UNITS: readonly MessageKey[] = [
  "uploads.bytes",
  "uploads.kilobytes",
  "uploads.megabytes",
  "uploads.gigabytes",
];

/** A size in bytes as people read it (binary units: 1 GB here is the API's 1024³ bytes). */
export function sizeText(bytes: number): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return t(UNITS[unit] ?? "uploads.bytes", { size: formatNumber(value, unit === 0 ? 0 : 1) });
}
