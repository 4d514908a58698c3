// Administration › Uncertainty figures: the 95 % half-widths the organisation states for its
// categories' activity data and factors, each with what it rests on. Admins edit and save the
// whole statement; auditors read it. A save says what changed; a refusal goes beside the field
// it names (`categories.<category>.<part>_source`).
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { getUncertaintyStatement, saveUncertaintyStatement } from "../../api/inventory";
import type {
  StatedCategory,
  UncertaintyStatement as Statement,
  UncertaintyStatementRequest,
} from "../../api/types";
import { AdminNav } from "../../components/AdminNav";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Field } from "../../components/Field";
import { CATEGORIES, categoryName } from "../../categories";
import { describeError, type FieldLabels } from "../../describe-error";
import { type MessageKey, t } from "../../i18n";
import { percentText, typedNumber } from "../../inventory-words";
import { Link } from "../../router";
import { useMe } from "../../session";
import { useLoad } from "../../use-load";

type Part = "activity" | "factor";
const PARTS: readonly Part[] = ["activity", "factor"];
const PART_WORDS: Readonly<Record<Part, MessageKey>> = {
  activity: "uncertainty.activity",
  factor: "uncertainty.factor",
};

/** What is typed for one category: each part's figure and source, as text. */
type Typed = Readonly<Record<`${Part}_${"pct" | "source"}`, string>>;

/** The API's name for a field of the statement, as a refusal names it. */
function fieldName(category: string, part: Part, what: "pct" | "source"): string {
  return `categories.${category}.${part}_${what}`;
}

/** The known categories, then any the statements name that this app does not know yet. */
function categoriesOf(...statements: readonly Statement[]): string[] {
  const named = statements.flatMap((statement) => Object.keys(statement.categories));
  return [...new Set([...CATEGORIES, ...named])];
}

function typedFrom(stated: StatedCategory | undefined): Typed {
  const text = (value: number | string | null | undefined): string =>
    value === null || value === undefined ? "" : String(value);
  return {
    activity_pct: text(stated?.activity_pct),
    activity_source: text(stated?.activity_source),
    factor_pct: text(stated?.factor_pct),
    factor_source: text(stated?.factor_source),
  };
}

/** The request for what is typed: a category with nothing typed is left out (its parts take
 * the published default, if any); a part half typed goes as is, for the API to name the
 * missing half. */
export function statementRequest(
  typed: Readonly<Record<string, Typed>>,
): UncertaintyStatementRequest {
  const categories: Record<string, Record<string, number | string | null>> = {};
  for (const [category, fields] of Object.entries(typed)) {
    const entry: Record<string, number | string | null> = {};
    for (const part of PARTS) {
      const figure = fields[`${part}_pct`].trim();
      const source = fields[`${part}_source`].trim();
      if (figure === "" && source === "") continue;
      entry[`${part}_pct`] = figure === "" ? null : (typedNumber(figure) ?? figure);
      entry[`${part}_source`] = source === "" ? null : source;
    }
    if (Object.keys(entry).length > 0) categories[category] = entry;
  }
  return { categories };
}

/** A part's figure in words ("±2% (meter class 2 …)"), or `none` when it has none. */
function partText(
  figures: StatedCategory | undefined,
  part: Part,
  none: MessageKey = "uncertainty.notStated",
): string {
  const figure = figures?.[`${part}_pct`];
  const source = figures?.[`${part}_source`];
  if (figure === null || figure === undefined) return t(none);
  return t("uncertainty.figure", { figure: percentText(figure), source: source ?? "" });
}

/** A category's published defaults in one line: what a part takes where nothing is stated. */
export function publishedText(statement: Statement, category: string): string {
  const published = statement.published[category];
  return t("uncertainty.publishedParts", {
    activity: partText(published, "activity", "uncertainty.nonePublished"),
    factor: partText(published, "factor", "uncertainty.nonePublished"),
  });
}

/** What a save changed, one line a part that moved, in the reader's language. */
export function changesMade(before: Statement, after: Statement): string[] {
  const changes: string[] = [];
  for (const category of categoriesOf(before, after)) {
    for (const part of PARTS) {
      const was = partText(before.categories[category], part);
      const now = partText(after.categories[category], part);
      if (was === now) continue;
      changes.push(
        t("uncertainty.changed", {
          category: categoryName(category),
          part: t(PART_WORDS[part]),
          was,
          now,
        }),
      );
    }
  }
  return changes;
}

export function UncertaintyStatement(): JSX.Element {
  const me = useMe();
  const { value: statement, error, setValue, reload } = useLoad(getUncertaintyStatement);
  const admin = me?.role === "admin";
  return (
    <section class="admin" aria-labelledby="uncertainty-title">
      <AdminNav />
      <h1 id="uncertainty-title">{t("uncertainty.title")}</h1>
      <div class="lead">
        <p>{t("uncertainty.introRange")}</p>
        <p>{t("uncertainty.introOwn")}</p>
        <p>
          {t("uncertainty.introApply")} <Link href="/uploads">{t("uncertainty.toUploads")}</Link>
        </p>
      </div>
      {!admin && <p class="banner banner-info">{t("uncertainty.readOnly")}</p>}
      {error !== null && <ErrorBanner message={describeError(error)} onRetry={reload} />}
      {error === null && statement === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {statement && !admin && <StatementTable statement={statement} />}
      {statement && admin && <StatementForm statement={statement} onSaved={setValue} />}
    </section>
  );
}

/** The statement as it stands, for a reader who may not change it. */
function StatementTable(props: { statement: Statement }): JSX.Element {
  const { statement } = props;
  return (
    <div class="table-scroll">
      <table data-testid="statement">
        <caption>{t("uncertainty.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("uncertainty.category")}</th>
            <th scope="col">{t("uncertainty.published")}</th>
            <th scope="col">{t("uncertainty.activity")}</th>
            <th scope="col">{t("uncertainty.factor")}</th>
          </tr>
        </thead>
        <tbody>
          {categoriesOf(statement).map((category) => (
            <tr key={category} data-category={category}>
              <th scope="row">{categoryName(category)}</th>
              <td>{publishedText(statement, category)}</td>
              {PARTS.map((part) => (
                <td key={part}>{partText(statement.categories[category], part)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatementForm(props: {
  statement: Statement;
  onSaved: (statement: Statement) => void;
}): JSX.Element {
  const { statement } = props;
  const [typed, setTyped] = useState<Readonly<Record<string, Typed>>>(() =>
    Object.fromEntries(
      categoriesOf(statement).map((category) => [
        category,
        typedFrom(statement.categories[category]),
      ]),
    ),
  );
  const [busy, setBusy] = useState(false);
  // The refusal itself, worded at each render, so a change of language rewords it.
  const [refusal, setRefusal] = useState<unknown>(null);
  const [saved, setSaved] = useState<{ before: Statement; after: Statement } | null>(null);

  const labels: FieldLabels = Object.fromEntries(
    categoriesOf(statement).flatMap((category) =>
      PARTS.flatMap((part) => [
        [fieldName(category, part, "pct"), partLabel(category, part, "uncertainty.pctLabel")],
        [fieldName(category, part, "source"), partLabel(category, part, "uncertainty.sourceLabel")],
      ]),
    ),
  );
  const fields = refusal instanceof ApiError ? refusal.fields : {};
  const placed = Object.keys(fields).some((name) => name in labels);

  const edit = (category: string, key: keyof Typed, value: string): void =>
    setTyped((current) => ({
      ...current,
      [category]: { ...(current[category] ?? typedFrom(undefined)), [key]: value },
    }));

  const save = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setSaved(null);
    saveUncertaintyStatement(statementRequest(typed))
      .then(
        (stored) => {
          setSaved({ before: statement, after: stored });
          props.onSaved(stored);
        },
        (failure: unknown) => setRefusal(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form class="admin-panel statement-form" onSubmit={save} data-testid="uncertainty-statement">
      {saved && <SavedNotice before={saved.before} after={saved.after} />}
      {refusal !== null && !placed && <ErrorBanner message={describeError(refusal, labels)} />}
      {refusal !== null && placed && <ErrorBanner message={t("uncertainty.refused")} />}
      {categoriesOf(statement).map((category) => (
        <fieldset key={category} class="statement-category" data-category={category}>
          <legend>{categoryName(category)}</legend>
          <p class="field-hint">
            {t("uncertainty.publishedHint", { parts: publishedText(statement, category) })}
          </p>
          {PARTS.map((part) => (
            <div class="statement-part" key={part}>
              <Field
                label={t("uncertainty.pctLabel", { part: t(PART_WORDS[part]) })}
                name={fieldName(category, part, "pct")}
                inputMode="decimal"
                autocomplete="off"
                value={typed[category]?.[`${part}_pct`] ?? ""}
                onInput={(value) => edit(category, `${part}_pct`, value)}
                error={fields[fieldName(category, part, "pct")]}
              />
              <Field
                label={t("uncertainty.sourceLabel", { part: t(PART_WORDS[part]) })}
                name={fieldName(category, part, "source")}
                autocomplete="off"
                value={typed[category]?.[`${part}_source`] ?? ""}
                onInput={(value) => edit(category, `${part}_source`, value)}
                error={fields[fieldName(category, part, "source")]}
              />
            </div>
          ))}
        </fieldset>
      ))}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t("uncertainty.save")}
        </button>
      </div>
    </form>
  );
}

/** A field's name in a sentence about several: "Stationary combustion: activity data (%)". */
function partLabel(category: string, part: Part, what: MessageKey): string {
  return t("uncertainty.fieldOf", {
    category: categoryName(category),
    field: t(what, { part: t(PART_WORDS[part]) }),
  });
}

function SavedNotice(props: { before: Statement; after: Statement }): JSX.Element {
  const changes = changesMade(props.before, props.after);
  return (
    <div class="banner banner-info changes" role="status" data-testid="saved">
      <p>{changes.length > 0 ? t("uncertainty.saved") : t("uncertainty.unchanged")}</p>
      {changes.length > 0 && (
        <ul>
          {changes.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
