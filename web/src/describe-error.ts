// An error, in words from the catalogue, with what to do next.
import { ApiError, NetworkError } from "./api/errors";
import { t } from "./i18n";

export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return t("error.network");
  if (!(error instanceof ApiError)) return t("error.generic", { message: String(error) });
  if (error.status >= 500) {
    const reference = error.details["request_id"];
    return t("error.server", { reference: typeof reference === "string" ? reference : "-" });
  }
  switch (error.status) {
    case 400:
      return t("error.invalid", { message: error.message });
    case 403:
      return t("error.forbidden");
    case 404:
      return t("error.notFound");
    case 423:
      return t("signIn.locked", { minutes: lockMinutes(error) });
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
