import type { JSX } from "preact";
import { t } from "../i18n";
import { Link } from "../router";

export function NotFound(): JSX.Element {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <p>
        <Link href="/">{t("notFound.home")}</Link>
      </p>
    </section>
  );
}
