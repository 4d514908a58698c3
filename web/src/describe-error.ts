// An error, in words from the catalogue, with what to do next.
import { ApiError, NetworkError } from "./api/errors";
import { locale, t } from "./i18n";
import { problemWords, refusalWords, serverLine } from "./refusal-words";

/** The labels of a screen's fields by the name the API gives them, to name a field in a
 * sentence about several (a field without one is named as the API names it). */
export type FieldLabels = Readonly<Record<string, string>>;

export function describeError(error: unknown, labels: FieldLabels = {}): string {
  if (error instanceof NetworkError) return t("error.network");
  if (!(error instanceof ApiError)) return t("error.generic", { message: String(error) });
  if (error.status >= 500) {
    const reference = error.details["request_id"];
    return t("error.server", { reference: typeof reference === "string" ? reference : "-" });
  }
  const typed = error.problems.filter((problem) => typeof problem.type === "string");
  if (error.status === 400 && typed.length > 0) {
    // Request validation: each problem worded by its type, so no English is left to show.
    const listed = typed.map((problem) =>
      t("invalid.labelled", {
        label: labels[problem.name] ?? problem.name,
        problem: problemWords(problem),
      }),
    );
    return t("error.invalid", { message: listed.join(" ") });
  }
  if (error.status === 423)
    return t("signIn.locked", { minutes: lockMinutes(error) }) + serverLine(error.message);
  return locale() === "en" ? inEnglish(error) : refusalWords(error);
}

/** A use case's refusal for a reader of English: the API's own message where it is specific. */
function inEnglish(error: ApiError): string {
  switch (error.status) {
    case 400:
      return t("error.invalid", { message: error.message });
    case 403:
      return t("error.forbidden");
    case 404:
      return t("error.notFound");
    case 429:
      return t("error.throttled");
    default:
      return t("error.generic", { message: error.message });
  }
}

/** The minutes left on a sign-in lock (423), rounded up. */
export function lockMinutes(error: ApiError): number {
  const seconds = Number(error.details["retry_after_seconds"] ?? 60);
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Why single sign-on did not sign the person in: the error code the ACS put in the address,
 * or the failed exchange of its one-time code. */
export function describeSsoRefusal(error: unknown): string {
  const code = error instanceof ApiError ? error.code : typeof error === "string" ? error : "";
  switch (code) {
    case "unauthenticated":
      return t("sso.refused");
    case "forbidden":
      return t("sso.accountRefused");
    case "not_found":
      return t("sso.notSetUp");
    default:
      return describeError(error);
  }
}
