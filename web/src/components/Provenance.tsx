// Where a number came from, laid out for a person: the factor's publisher, edition, table,
// row and cells, the GWP values, the unit conversions and the formula; for a line, also how
// good it is (its data-quality score and reasons, its uncertainty range or why it has none).
import type { JSX } from "preact";
import type { Factor, FactorReference, Line } from "../api/types";
import { formatNumber, t } from "../i18n";
import { LineQualityView, lineRangeText, noRangeDetail } from "./Quality";

/** A provenance value `CO2 53.06 kg/mmBtu [E38]` as its quantity and the cell it was read from. */
export function splitCell(value: string): { quantity: string; cell: string | null } {
  const found = /^(.*?)\s*\[([^\]]+)\]$/.exec(value);
  return found
    ? { quantity: found[1] ?? value, cell: found[2] ?? null }
    : { quantity: value, cell: null };
}

function Pair(props: {
  term: string;
  value: string | number | undefined | null;
}): JSX.Element | null {
  if (props.value === undefined || props.value === null || props.value === "") return null;
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.value}</dd>
    </>
  );
}

function CellValues(props: {
  values: readonly { quantity: string; cell: string | null }[];
}): JSX.Element {
  return (
    <table class="provenance-values">
      <caption>{t("provenance.values")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("provenance.value")}</th>
          <th scope="col">{t("provenance.cell")}</th>
        </tr>
      </thead>
      <tbody>
        {props.values.map((value) => (
          <tr key={`${value.quantity}${value.cell ?? ""}`}>
            <td>{value.quantity}</td>
            <td>{value.cell ?? "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FactorSource(props: { factor: FactorReference }): JSX.Element {
  const { factor } = props;
  return (
    <div class="provenance-factor">
      <dl class="pairs">
        <Pair term={t("provenance.publisher")} value={factor.source} />
        <Pair term={t("provenance.edition")} value={factor.edition} />
        <Pair term={t("provenance.released")} value={factor.released} />
        <Pair term={t("provenance.file")} value={factor.file} />
        <Pair term={t("provenance.table")} value={factor.table} />
        <Pair term={t("provenance.row")} value={factor.row} />
        <Pair term={t("provenance.region")} value={factor.region} />
        <Pair term={t("provenance.factorId")} value={factor.id} />
        <Pair term={t("provenance.licence")} value={factor.licence} />
      </dl>
      {factor.values && factor.values.length > 0 && (
        <CellValues values={factor.values.map(splitCell)} />
      )}
    </div>
  );
}

/** A calculated line's provenance. */
export function LineProvenance(props: { line: Line; id: string }): JSX.Element {
  const { line } = props;
  const { provenance } = line;
  return (
    <div class="provenance" id={props.id}>
      <h3>{t("quality.lineTitle")}</h3>
      <LineQualityView quality={line.quality} />
      <h3>{t("quality.lineRangeTitle")}</h3>
      <p data-range={line.uncertainty ? "range" : "none"}>{lineRangeText(line)}</p>
      {!line.uncertainty && noRangeDetail(line.uncertainty_reason) && (
        <p class="field-hint" lang="en" data-range-detail>
          {noRangeDetail(line.uncertainty_reason)}
        </p>
      )}
      <h3>{t("provenance.factors")}</h3>
      {provenance.factors.map((factor) => (
        <FactorSource key={factor.id} factor={factor} />
      ))}
      <h3>{t("provenance.gwp", { set: provenance.gwp_set })}</h3>
      <dl class="pairs">
        {Object.entries(provenance.gwp).map(([gas, value]) => (
          <Pair key={gas} term={gas} value={formatNumber(value, value % 1 === 0 ? 0 : 2)} />
        ))}
      </dl>
      <h3>{t("provenance.co2eBySet")}</h3>
      <dl class="pairs">
        {Object.entries(line.co2e_kg_by_gwp_set).map(([set, kg]) => (
          <Pair key={set} term={set} value={t("lines.kg", { value: formatNumber(kg, 2) })} />
        ))}
      </dl>
      <h3>{t("provenance.unitPath")}</h3>
      {provenance.unit_path.length > 0 ? (
        <ol class="unit-path">
          {provenance.unit_path.map((step) => (
            <li key={step}>
              <code>{step}</code>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("provenance.noConversion")}</p>
      )}
      <h3>{t("provenance.formula")}</h3>
      <p>
        <code class="formula">{provenance.formula}</code>
      </p>
      {line.market_basis && (
        <>
          <h3>{t("provenance.marketBasis")}</h3>
          <p>{line.market_basis}</p>
        </>
      )}
      {provenance.notes.length > 0 && (
        <>
          <h3>{t("provenance.notes")}</h3>
          <ul>
            {provenance.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A library factor's provenance. */
export function FactorProvenance(props: { factor: Factor; id: string }): JSX.Element {
  const { factor } = props;
  return (
    <div class="provenance" id={props.id}>
      <dl class="pairs">
        <Pair term={t("provenance.publisher")} value={factor.publisher} />
        <Pair term={t("provenance.edition")} value={factor.edition} />
        <Pair term={t("provenance.released")} value={factor.released} />
        <Pair term={t("provenance.table")} value={factor.table} />
        <Pair term={t("provenance.row")} value={factor.row} />
        <Pair term={t("provenance.sourceUnit")} value={factor.source_unit} />
        <Pair term={t("provenance.gwpBasis")} value={factor.gwp_basis} />
        <Pair
          term={t("provenance.publishedTotal")}
          value={
            factor.published_co2e_total
              ? t("provenance.publishedTotalValue", {
                  value: factor.published_co2e_total.value,
                  cell: factor.published_co2e_total.cell,
                })
              : null
          }
        />
        <Pair term={t("provenance.factorId")} value={factor.id} />
        <Pair term={t("provenance.licence")} value={factor.licence} />
      </dl>
      <CellValues
        values={factor.values.map((value) => ({
          quantity: `${value.gas} ${value.value} ${value.unit}`,
          cell: value.cell,
        }))}
      />
      {factor.edition_notes.length > 0 && (
        <>
          <h3>{t("provenance.notes")}</h3>
          <ul>
            {factor.edition_notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
