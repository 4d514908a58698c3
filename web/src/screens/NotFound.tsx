import type { JSX } from "preact";
import { type MessageKey, t } from "../i18n";
import { Link } from "../router";

/** No screen at this address; the link leads to the shell's first screen. */
export function NotFound(props: { home?: string; homeLabel?: MessageKey }): JSX.Element {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <p>
        <Link href={props.home ?? "/"}>{t(props.homeLabel ?? "notFound.home")}</Link>
      </p>
    </section>
  );
}
