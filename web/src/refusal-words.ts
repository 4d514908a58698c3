// The API's refusals in the reader's language. The API writes its messages in English; what
// is stable in an error is its status and code, a use case's `details.reason`, and for request
// validation each problem's pydantic `type` and limits (`ctx`, docs/api.md). Those choose the
// catalogue's sentence; the English message stays as a line of its own for a reader of
// another language, labelled as the server's, so nothing specific is lost.
import { locale, t, type MessageKey } from "./i18n";

/** One problem of request validation, as the API lists it in `details.errors`. */
export interface Problem {
  readonly type?: unknown;
  readonly ctx?: unknown;
  readonly message?: unknown;
}

type Limits = Readonly<Record<string, unknown>>;

/** `table`'s own entry for `key` (never one of Object's, should the API say "constructor"). */
function entry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A limit as the reader's locale writes it: a number by locale, a list joined, text as is. */
function limit(limits: Limits, name: string): string | null {
  const value = limits[name];
  if (typeof value === "number") return new Intl.NumberFormat(locale()).format(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(String).join(", ");
  return null;
}

/** A sentence that needs one limit, or null when the API gave none (the type is then worded
 * as a type the app does not know). */
function withLimit(key: MessageKey, limits: Limits, name: string): string | null {
  const value = limit(limits, name);
  return value === null ? null : t(key, { limit: value });
}

const PLAIN: Readonly<Record<string, MessageKey>> = {
  missing: "invalid.missing",
  int_parsing: "invalid.wholeNumber",
  int_type: "invalid.wholeNumber",
  int_from_float: "invalid.wholeNumber",
  float_parsing: "invalid.number",
  float_type: "invalid.number",
  decimal_parsing: "invalid.number",
  bool_parsing: "invalid.yesNo",
  bool_type: "invalid.yesNo",
  string_type: "invalid.text",
  string_pattern_mismatch: "invalid.format",
  extra_forbidden: "invalid.notAccepted",
  date_parsing: "invalid.date",
  date_from_datetime_parsing: "invalid.date",
  date_type: "invalid.date",
};

const LIMITED: Readonly<Record<string, readonly [MessageKey, string]>> = {
  string_too_long: ["invalid.tooLong", "max_length"],
  too_short: ["invalid.fewItems", "min_length"],
  too_long: ["invalid.manyItems", "max_length"],
  greater_than_equal: ["invalid.atLeast", "ge"],
  greater_than: ["invalid.above", "gt"],
  less_than_equal: ["invalid.atMost", "le"],
  less_than: ["invalid.below", "lt"],
  literal_error: ["invalid.choice", "expected"],
  enum: ["invalid.choice", "expected"],
};

/** A validation problem's type in the catalogue's words, or null for a type it does not know. */
export function typeWords(type: unknown, ctx: unknown): string | null {
  if (typeof type !== "string") return null;
  const limits: Limits = typeof ctx === "object" && ctx !== null ? (ctx as Limits) : {};
  const plain = entry(PLAIN, type);
  if (plain) return t(plain);
  if (type === "string_too_short") {
    // "At least 1 character" is how a length check says "not empty".
    return limits["min_length"] === 1
      ? t("invalid.empty")
      : withLimit("invalid.tooShort", limits, "min_length");
  }
  if (type === "too_short" && limits["min_length"] === 1) return t("invalid.noEntries");
  const limited = entry(LIMITED, type);
  return limited ? withLimit(limited[0], limits, limited[1]) : null;
}

/** The API's English `message` as a line of its own, for a reader of another language; nothing
 * for a reader of English, who reads it in the sentence already. */
export function serverLine(message: string): string {
  return locale() === "en" || message.trim() === ""
    ? ""
    : `\n${t("error.serverWords", { message })}`;
}

/** The text beside a field the API refused: the type's sentence; for a type this app does not
 * know, or a use case's message (which has none), the message itself in English and "check
 * this value" with the server's words in another language. */
export function problemWords(problem: Problem): string {
  const worded = typeWords(problem.type, problem.ctx);
  if (worded !== null) return worded;
  const message = typeof problem.message === "string" ? problem.message : "";
  if (locale() === "en") return message || t("invalid.check");
  return `${t("invalid.check")}${serverLine(message)}`;
}

const REASONS: Readonly<Record<string, MessageKey>> = {
  last_admin: "users.lastAdmin",
  held_elsewhere: "domains.heldElsewhere",
  record_not_found: "domains.recordNotFound",
  domain_held_elsewhere: "users.domainHeldElsewhere",
};

const CODES: Readonly<Record<string, MessageKey>> = {
  invalid_input: "refusal.invalid",
  bad_request: "refusal.invalid",
  invalid_json: "refusal.invalidBody",
  invalid_form: "refusal.invalidBody",
  unsupported_media_type: "refusal.invalidBody",
  payload_too_large: "refusal.tooLarge",
  forbidden: "error.forbidden",
  not_found: "error.notFound",
  conflict: "refusal.conflict",
  unprocessable: "refusal.unprocessable",
  too_many_requests: "error.throttled",
};

const STATUSES: Readonly<Record<string, MessageKey>> = {
  400: "refusal.invalid",
  403: "error.forbidden",
  404: "error.notFound",
  409: "refusal.conflict",
  413: "refusal.tooLarge",
  415: "refusal.invalidBody",
  422: "refusal.unprocessable",
  429: "error.throttled",
};

/** What a use case's refusal says, as the API answers it (an `ApiError` is one). */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A use case's refusal in one sentence of the catalogue: by its reason where the app knows
 * it, else by its code, else by its status. */
export function refusalKey(refusal: Refusal): MessageKey {
  const { status, code, details } = refusal;
  const reason = details["reason"];
  const byReason = typeof reason === "string" ? entry(REASONS, reason) : undefined;
  return byReason ?? entry(CODES, code) ?? entry(STATUSES, String(status)) ?? "refusal.other";
}

/** A use case's refusal for a reader of another language than English: the catalogue's
 * sentence leads, the API's English message follows as the server's words. */
export function refusalWords(refusal: Refusal): string {
  return t(refusalKey(refusal)) + serverLine(refusal.message);
}
