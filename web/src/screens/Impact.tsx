// Edition impact: what one upload's lines would be with another factor edition and/or GWP set,
// against its published calculation (GET /v1/emissions/impact). The total change, then each
// line by absolute change with the published cells and GWP values that moved. A what-if:
// nothing is stored until the upload is recalculated, which the roles that may can start here.
import type { ComponentChildren, JSX } from "preact";
import { useState } from "preact/hooks";
import { impact as compare } from "../api/emissions";
import { ApiError } from "../api/errors";
import { editionName, editions } from "../api/factors";
import {
  GWP_SETS,
  type GwpSet,
  type Impact as ImpactAnswer,
  type ImpactCell,
  type ImpactLine,
} from "../api/types";
import { getUpload, recalculate } from "../api/uploads";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { SelectField } from "../components/Field";
import { categoryLabel } from "../categories";
import { describeError } from "../describe-error";
import { formatNumber, t, useLocale } from "../i18n";
import type { ScreenProps } from "../routes";
import { Link, navigate, useLocation } from "../router";
import { mayWrite, useMe } from "../session";
import { useLoad } from "../use-load";
import { impactPath, uploadPath } from "./Upload";
import { gwpOptions } from "../gwp-options";

/** The comparison the address asks for: an edition pinned and/or a GWP set (null: as the
 * published calculation has it). */
export interface Comparison {
  readonly edition: string | null;
  readonly gwp: GwpSet | null;
}

export function comparisonOf(query: URLSearchParams): Comparison {
  const gwp = query.get("gwp");
  return {
    edition: query.get("edition") || null,
    gwp: GWP_SETS.includes(gwp as GwpSet) ? (gwp as GwpSet) : null,
  };
}

/** The change as a fraction of the old total, or null where the old total is 0. */
export function changeFraction(answer: Pick<ImpactAnswer, "old_co2e_kg" | "change_kg">) {
  return answer.old_co2e_kg === 0 ? null : answer.change_kg / answer.old_co2e_kg;
}

/** A signed figure (`+1,234.5`, `−12.0`): a change reads at a glance. */
export function signed(value: number, decimals = 1): string {
  const shown = formatNumber(Math.abs(value), decimals);
  return value > 0 ? `+${shown}` : value < 0 ? `−${shown}` : shown;
}

/** One side of a moved cell: `E336: 497.443 lb/MWh (epa_hub-2024)`, or that there was none. */
export function cellText(cell: ImpactCell | null): string {
  if (cell === null) return t("impact.noCell");
  return t("impact.cell", {
    cell: cell.cell,
    value: formatNumber(cell.value, decimalsOf(cell.value)),
    unit: cell.unit,
    edition: cell.edition,
  });
}

/** As many decimals as a published value has (up to 6): a factor is shown as printed. */
function decimalsOf(value: number): number {
  const text = String(value);
  const point = text.indexOf(".");
  return point < 0 || text.includes("e") ? 0 : Math.min(6, text.length - point - 1);
}

export function Impact(props: ScreenProps): JSX.Element {
  useLocale();
  const uploadId = props.params["id"] ?? "";
  const { query } = useLocation();
  const asked = comparisonOf(query);
  const me = useMe();
  const [draft, setDraft] = useState<Comparison>(asked);
  const basis = useLoad(() => Promise.all([getUpload(uploadId), editions()]), [uploadId]);
  const wanted = asked.edition !== null || asked.gwp !== null;
  const answer = useLoad<ImpactAnswer | null>(
    () => (wanted ? compare(uploadId, asked.edition, asked.gwp, null) : Promise.resolve(null)),
    [uploadId, asked.edition, asked.gwp],
  );
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({
    busy: false,
    error: null,
  });

  // The choice lives in the address, so a reload or a shared link shows the same comparison.
  const show = (chosen: Comparison): void => {
    const params = new URLSearchParams();
    if (chosen.edition) params.set("edition", chosen.edition);
    if (chosen.gwp) params.set("gwp", chosen.gwp);
    navigate(`${impactPath(uploadId)}?${params.toString()}`, { replace: true });
  };

  const loadMore = (shown: ImpactAnswer): void => {
    setMore({ busy: true, error: null });
    compare(uploadId, asked.edition, asked.gwp, shown.next_cursor).then(
      (page) => {
        answer.setValue({ ...page, lines: [...shown.lines, ...page.lines] });
        setMore({ busy: false, error: null });
      },
      (error: unknown) => setMore({ busy: false, error }),
    );
  };

  // A refusal naming the edition or the GWP set goes beside its choice; anything else above.
  const failure = answer.error;
  const fields = failure instanceof ApiError ? failure.fields : {};
  const atEdition = fields["edition"] ?? null;
  const atGwp = fields["gwp"] ?? null;
  const [upload, library] = basis.value ?? [null, null];

  return (
    <section aria-labelledby="impact-title">
      <p>
        <Link href={uploadPath(uploadId)}>{t("impact.back")}</Link>
      </p>
      <h1 id="impact-title">{t("impact.title")}</h1>
      <p class="lead">
        {upload ? t("impact.intro", { file: upload.filename, set: upload.gwp_set }) : ""}
      </p>
      {basis.error !== null && (
        <ErrorBanner message={describeError(basis.error)} onRetry={basis.reload} />
      )}
      {basis.value === null && basis.error === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {library && (
        <form
          class="filters impact-form"
          onSubmit={(event) => {
            event.preventDefault();
            show(draft);
          }}
        >
          <SelectField
            label={t("impact.edition")}
            name="edition"
            value={draft.edition ?? ""}
            options={[
              { value: "", label: t("impact.editionAsPublished") },
              ...library.map((edition) => ({
                value: editionName(edition),
                label: t("impact.editionOption", {
                  publisher: edition.publisher,
                  edition: edition.edition,
                  name: editionName(edition),
                }),
              })),
            ]}
            onChange={(edition) => setDraft((now) => ({ ...now, edition: edition || null }))}
            error={atEdition}
          />
          <SelectField
            label={t("impact.gwp")}
            name="gwp"
            value={draft.gwp ?? ""}
            options={[{ value: "", label: t("impact.gwpAsPublished") }, ...gwpOptions()]}
            onChange={(gwp) => setDraft((now) => ({ ...now, gwp: (gwp || null) as GwpSet | null }))}
            error={atGwp}
          />
          <div class="field field-action">
            <button type="submit">{t("impact.compare")}</button>
          </div>
        </form>
      )}
      {failure !== null && atEdition === null && atGwp === null && (
        <ErrorBanner message={describeError(failure)} onRetry={answer.reload} />
      )}
      {wanted && answer.value === null && failure === null && (
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      )}
      {!wanted && library && <p class="field-hint">{t("impact.choose")}</p>}
      {answer.value && (
        <Compared answer={answer.value}>
          <Notice message={t("impact.nothingStored")} />
          {mayWrite(me) && <Recalculate uploadId={uploadId} />}
        </Compared>
      )}
      {answer.value?.next_cursor && (
        <p>
          <button
            type="button"
            class="button-secondary"
            disabled={more.busy}
            onClick={() => answer.value && loadMore(answer.value)}
          >
            {more.busy ? t("app.loading") : t("impact.more")}
          </button>
        </p>
      )}
      {more.error !== null && <ErrorBanner message={describeError(more.error)} />}
    </section>
  );
}

/** The upload's recalculation (admins and editors), with the editions in force: what the
 * comparison showed becomes published only that way, and only where those editions agree. */
function Recalculate(props: { uploadId: string }): JSX.Element {
  const [state, setState] = useState<"idle" | "asking" | "started">("idle");
  const [error, setError] = useState<unknown>(null);
  const start = (): void => {
    setState("asking");
    setError(null);
    recalculate(props.uploadId).then(
      () => setState("started"),
      (failure: unknown) => {
        setState("idle");
        setError(failure);
      },
    );
  };
  return (
    <div class="actions">
      {state === "started" ? (
        <p role="status">
          {t("impact.recalculationStarted")}{" "}
          <Link href={uploadPath(props.uploadId)}>{t("impact.followUpload")}</Link>
        </p>
      ) : (
        <button type="button" disabled={state === "asking"} onClick={start}>
          {t("upload.recalculate")}
        </button>
      )}
      <p class="field-hint">{t("impact.recalculateHint")}</p>
      {error !== null && (
        <p class="field-error" role="alert">
          {describeError(error)}
        </p>
      )}
    </div>
  );
}

function Compared(props: { answer: ImpactAnswer; children: ComponentChildren }): JSX.Element {
  const { answer } = props;
  const fraction = changeFraction(answer);
  const setBefore = answer.old_gwp_set ?? "";
  const setAfter = answer.new_gwp_set ?? "";
  return (
    <div data-testid="impact" aria-live="polite">
      <dl class="figures">
        <div class="figure" data-impact="old">
          <dt>{t("impact.before", { set: setBefore })}</dt>
          <dd>
            <span class="figure-value">{formatNumber(answer.old_co2e_kg / 1000)}</span>{" "}
            <span class="figure-unit">{t("dashboard.unit")}</span>
          </dd>
        </div>
        <div class="figure" data-impact="new">
          <dt>
            {t("impact.after", { set: setAfter })}
            {answer.edition && (
              <span class="figure-hint">
                {t("impact.afterEdition", { edition: answer.edition })}
              </span>
            )}
          </dt>
          <dd>
            <span class="figure-value">{formatNumber(answer.new_co2e_kg / 1000)}</span>{" "}
            <span class="figure-unit">{t("dashboard.unit")}</span>
          </dd>
        </div>
        <div class="figure" data-impact="change">
          <dt>{t("impact.change")}</dt>
          <dd>
            <span class="figure-value">{signed(answer.change_kg / 1000)}</span>{" "}
            <span class="figure-unit">{t("dashboard.unit")}</span>
            <span class="figure-hint" data-impact="percent">
              {fraction === null
                ? t("impact.noPercent")
                : t("impact.percent", { percent: signed(fraction * 100, 2) })}
            </span>
          </dd>
        </div>
      </dl>
      {props.children}
      <h2>{t("impact.linesTitle")}</h2>
      <p class="rows">
        {t("impact.linesShown", {
          shown: formatNumber(answer.lines.length, 0),
          total: formatNumber(answer.lines_total, 0),
        })}
      </p>
      <div class="table-scroll">
        <table class="lines impact-lines" data-testid="impact-lines">
          <caption>{t("impact.linesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("lines.row")}</th>
              <th scope="col">{t("lines.category")}</th>
              <th scope="col" class="numeric">
                {t("impact.oldKg")}
              </th>
              <th scope="col" class="numeric">
                {t("impact.newKg")}
              </th>
              <th scope="col" class="numeric">
                {t("impact.changeKg")}
              </th>
              <th scope="col">{t("impact.moved")}</th>
            </tr>
          </thead>
          <tbody>
            {answer.lines.map((line) => (
              <ImpactRow key={line.row} line={line} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ImpactRow(props: { line: ImpactLine }): JSX.Element {
  const { line } = props;
  const unmoved = line.factor_cells.length === 0 && line.gwp.length === 0;
  return (
    <tr data-impact-row={line.row}>
      <td class="nowrap">{t("lines.rowNumber", { row: line.row })}</td>
      <td>
        {categoryLabel(line.category, null, null)}
        <span class="figure-hint identifier">{line.activity}</span>
      </td>
      <td class="numeric nowrap">{formatNumber(line.old_co2e_kg, 2)}</td>
      <td class="numeric nowrap">{formatNumber(line.new_co2e_kg, 2)}</td>
      <td class="numeric nowrap">{signed(line.change_kg, 2)}</td>
      <td class="impact-moved">
        {unmoved && t("impact.nothingMoved")}
        {line.factor_cells.length > 0 && (
          <ul class="impact-cells">
            {line.factor_cells.map((cell) => (
              <li key={`${cell.gas}:${cell.old?.factor_id ?? ""}:${cell.new?.factor_id ?? ""}`}>
                <span class="impact-where">
                  {t("impact.where", {
                    gas: cell.gas,
                    publisher: cell.publisher,
                    table: cell.table,
                    row: cell.row,
                  })}
                </span>
                <span data-cell="old">{cellText(cell.old)}</span>
                {" → "}
                <span data-cell="new">{cellText(cell.new)}</span>
              </li>
            ))}
          </ul>
        )}
        {line.gwp.length > 0 && (
          <ul class="impact-cells">
            {line.gwp.map((gwp) => (
              <li key={gwp.gas} data-gwp={gwp.gas}>
                {t("impact.gwpMoved", {
                  gas: gwp.gas,
                  old: gwp.old === null ? "–" : formatNumber(gwp.old, decimalsOf(gwp.old)),
                  oldSet: gwp.old_gwp_set ?? "",
                  new: gwp.new === null ? "–" : formatNumber(gwp.new, decimalsOf(gwp.new)),
                  newSet: gwp.new_gwp_set ?? "",
                })}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
