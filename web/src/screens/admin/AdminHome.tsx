// Administration's front page: the sections the signed-in role may open, each in a sentence.
import type { JSX } from "preact";
import { sectionsFor } from "../../admin-sections";
import { t } from "../../i18n";
import { Link } from "../../router";
import { useMe } from "../../session";

export function AdminHome(): JSX.Element {
  const me = useMe();
  return (
    <section class="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.title")}</h1>
      <p class="lead">{t(me?.role === "auditor" ? "admin.introAuditor" : "admin.intro")}</p>
      <ul class="admin-sections">
        {sectionsFor(me?.role ?? null).map((section) => (
          <li key={section.id}>
            <Link href={section.path}>{t(section.title)}</Link>
            <p>{t(section.summary)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
