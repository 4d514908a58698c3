// Factors: search the emission-factor library by words, publisher, edition and region, each
// factor with its provenance (the publisher's table, row and cells).
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type FactorSearch, searchFactors } from "../api/factors";
import { ApiError } from "../api/errors";
import type { Edition, Factor } from "../api/types";
import { ErrorBanner } from "../components/ErrorBanner";
import { Field, SelectField } from "../components/Field";
import { FactorProvenance } from "../components/Provenance";
import { categoryName } from "../categories";
import { describeError } from "../describe-error";
import { formatNumber, t, useLocale } from "../i18n";
import { navigate, useLocation } from "../router";
import { useLoad } from "../use-load";

const FIELDS = ["q", "publisher", "edition", "region"] as const;

/** The search an address names. */
export function searchOf(query: URLSearchParams): FactorSearch {
  return Object.fromEntries(
    FIELDS.map((name) => [name, query.get(name) ?? ""]).filter(([, value]) => value !== ""),
  ) as FactorSearch;
}

/** Each publisher once (by its source), in the editions' order. */
export function publishersOf(editions: readonly Edition[]): Edition[] {
  const seen = new Map<string, Edition>();
  for (const edition of editions) if (!seen.has(edition.source)) seen.set(edition.source, edition);
  return [...seen.values()];
}

/** An edition as the API's filter takes it: `epa_hub-2025`. */
export function editionValue(edition: Edition): string {
  return `${edition.source}-${edition.edition}`;
}

export function Factors(): JSX.Element {
  useLocale();
  const { query } = useLocation();
  const search = searchOf(query);
  const searchKey = JSON.stringify(search);
  const [draft, setDraft] = useState<FactorSearch>(search);
  // The last answer's editions, kept while the next search loads so the choices stay put.
  const [editions, setEditions] = useState<readonly Edition[]>([]);
  const { value: page, error } = useLoad(
    () => searchFactors(search),
    [searchKey],
    (answer) => setEditions(answer.editions),
  );
  const [open, setOpen] = useState<string | null>(null);

  // Another address (a search sent, back, forward): its search in the form.
  useEffect(() => setDraft(search), [searchKey]);

  const submit = (event: Event): void => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      const value = draft[name]?.trim();
      if (value) params.set(name, value);
    }
    navigate(`/factors?${params.toString()}`, { replace: true });
  };

  const named = error instanceof ApiError ? Object.keys(error.fields) : [];
  const atField = (field: string): string | null =>
    named.includes(field) ? ((error as ApiError).fields[field] ?? null) : null;
  const elsewhere = error !== null && !FIELDS.some((field) => named.includes(field));
  const set = (name: keyof FactorSearch) => (value: string) =>
    setDraft({ ...draft, [name]: value });
  const publisherEditions = editions.filter(
    (edition) => !draft.publisher || edition.source === draft.publisher,
  );

  return (
    <section aria-labelledby="factors-title">
      <h1 id="factors-title">{t("factors.title")}</h1>
      <p class="lead">{t("factors.intro")}</p>
      <form class="filters" role="search" onSubmit={submit}>
        <Field
          label={t("factors.text")}
          name="q"
          value={draft.q ?? ""}
          onInput={set("q")}
          error={atField("q")}
        />
        <SelectField
          label={t("factors.publisher")}
          name="publisher"
          value={draft.publisher ?? ""}
          options={[
            { value: "", label: t("factors.any") },
            ...publishersOf(editions).map((edition) => ({
              value: edition.source,
              label: edition.publisher,
            })),
          ]}
          onChange={(publisher) => setDraft({ ...draft, publisher, edition: "" })}
          error={atField("publisher")}
        />
        <SelectField
          label={t("factors.edition")}
          name="edition"
          value={draft.edition ?? ""}
          options={[
            { value: "", label: t("factors.any") },
            ...publisherEditions.map((edition) => ({
              value: editionValue(edition),
              label: t("factors.editionOption", { title: edition.title, edition: edition.edition }),
            })),
          ]}
          onChange={set("edition")}
          error={atField("edition")}
        />
        <Field
          label={t("factors.region")}
          name="region"
          value={draft.region ?? ""}
          onInput={set("region")}
          hint={t("factors.regionHint")}
          error={atField("region")}
        />
        <div class="field field-action">
          <button type="submit">{t("factors.search")}</button>
        </div>
      </form>
      {elsewhere && <ErrorBanner message={describeError(error)} />}
      {page === null && error === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {page && (
        <>
          <p class="rows" role="status">
            {page.count > page.factors.length
              ? t("factors.countSome", {
                  shown: formatNumber(page.factors.length, 0),
                  count: formatNumber(page.count, 0),
                })
              : t("factors.count", { count: formatNumber(page.count, 0) })}
          </p>
          {page.factors.length > 0 && (
            <div class="table-scroll">
              <table data-testid="factors">
                <caption>{t("factors.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("factors.factor")}</th>
                    <th scope="col">{t("factors.categories")}</th>
                    <th scope="col">{t("factors.region")}</th>
                    <th scope="col">{t("factors.unit")}</th>
                    <th scope="col">{t("factors.source")}</th>
                    <th scope="col">{t("lines.provenance")}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.factors.map((factor) => (
                    <FactorRow
                      key={factor.id}
                      factor={factor}
                      open={open === factor.id}
                      onToggle={() => setOpen(open === factor.id ? null : factor.id)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function FactorRow(props: { factor: Factor; open: boolean; onToggle: () => void }): JSX.Element {
  const { factor } = props;
  const panel = `factor-${factor.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  return (
    <>
      <tr data-factor={factor.id}>
        <td>
          {factor.label}
          <span class="figure-hint">{factor.activity}</span>
        </td>
        <td>{factor.categories.map(categoryName).join(", ")}</td>
        <td>{factor.region}</td>
        <td>{factor.unit}</td>
        <td>{t("factors.editionOption", { title: factor.publisher, edition: factor.edition })}</td>
        <td>
          <button
            type="button"
            class="button-secondary"
            aria-expanded={props.open}
            aria-controls={props.open ? panel : undefined}
            onClick={props.onToggle}
          >
            {t(props.open ? "lines.hideProvenance" : "lines.showProvenance")}
            <span class="visually-hidden">{t("factors.ofFactor", { factor: factor.label })}</span>
          </button>
        </td>
      </tr>
      {props.open && (
        <tr class="provenance-row">
          <td colSpan={6}>
            <FactorProvenance factor={factor} id={panel} />
          </td>
        </tr>
      )}
    </>
  );
}
