import type { JSX } from "preact";
import { t } from "../i18n";
import { Link, useLocation } from "../router";
import { sectionsFor } from "../admin-sections";
import { useMe } from "../session";

/** The sections of Administration the signed-in role may open. */
export function AdminNav(): JSX.Element {
  const { path } = useLocation();
  const me = useMe();
  return (
    <nav class="admin-nav" aria-label={t("admin.sections")}>
      <ul>
        {sectionsFor(me?.role ?? null).map((section) => (
          <li key={section.id}>
            <Link
              href={section.path}
              current={path === section.path || path.startsWith(`${section.path}/`)}
            >
              {t(section.title)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
