import type { JSX } from "preact";
import { t } from "../i18n";

/** A message about what went wrong, read out at once by screen readers. */
export function ErrorBanner(props: { message: string; onRetry?: () => void }): JSX.Element {
  return (
    <div class="banner banner-error" role="alert">
      <p>{props.message}</p>
      {props.onRetry && (
        <button type="button" class="button-secondary" onClick={props.onRetry}>
          {t("error.retry")}
        </button>
      )}
    </div>
  );
}

/** A quiet notice (signed out, session ended), announced politely. */
export function Notice(props: { message: string }): JSX.Element {
  return (
    <div class="banner banner-info" role="status">
      <p>{props.message}</p>
    </div>
  );
}
