// How good a number is, in words: its data-quality score (1 best to 5) with the share of the
// CO2e it covers, and its 95 % uncertainty range with what the range covers, or why there is
// none (docs/inventory-management.md, "Data quality" and "Uncertainty ranges").
import type { JSX } from "preact";
import type {
  LineQuality,
  LineUncertainty,
  Quality,
  QualityReason,
  Ranged,
  TotalUncertainty,
} from "../api/types";
import { formatNumber, type MessageKey, t } from "../i18n";

/** The API's reason for a missing range begins so when no published default exists
 * (footprint.domain.uncertainty.NO_DEFAULT); what follows it is the English detail. */
const NO_DEFAULT = "no published default";

// The rules of footprint/domain/quality.py, by id; a rule the app does not know yet is shown
// in the API's own words.
const RULE_WORDS: Readonly<Record<string, MessageKey>> = {
  supplier_specific: "quality.ruleSupplierSpecific",
  physical_activity: "quality.rulePhysicalActivity",
  spend_based: "quality.ruleSpendBased",
  older_edition: "quality.ruleOlderEdition",
  earliest_edition: "quality.ruleEarliestEdition",
  location_for_market: "quality.ruleLocationForMarket",
  wider_region: "quality.ruleWiderRegion",
  model_year_fallback: "quality.ruleModelYearFallback",
};

// The rules a line's score starts from (the kind of data it rests on); the others add points.
const STARTING_RULES: ReadonlySet<string> = new Set([
  "supplier_specific",
  "physical_activity",
  "spend_based",
]);

const INDICATOR_WORDS: Readonly<Record<string, MessageKey>> = {
  technological: "quality.indicatorTechnological",
  temporal: "quality.indicatorTemporal",
  geographical: "quality.indicatorGeographical",
  completeness: "quality.indicatorCompleteness",
  reliability: "quality.indicatorReliability",
};

function entry(table: Readonly<Record<string, MessageKey>>, key: string): MessageKey | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A score as the locale writes it: a total's weighted score with one decimal (it is rarely
 * whole), a line's whole. */
export function scoreText(score: number, decimals = 1): string {
  return t("quality.score", { score: formatNumber(score, decimals) });
}

/** A total's score and the share of its CO2e that carries one, or that nothing is scored. */
export function qualityText(quality: Quality): string {
  const score = quality.quality_score ?? null;
  if (score === null) return t("quality.notScored");
  const coverage = quality.quality_coverage ?? null;
  if (coverage === null || coverage >= 1) return scoreText(score);
  return t("quality.scorePartial", {
    score: scoreText(score),
    percent: formatNumber(coverage * 100, 1),
  });
}

/** Why a line or total has no range, in the reader's language where the app knows the reason
 * (no published default); any other reason in the API's words. */
export function noRangeText(reason: string | null | undefined): string {
  if (!reason || reason.startsWith(NO_DEFAULT)) return t("quality.noDefault");
  return reason;
}

/** What the API adds to a missing range's reason (what was searched, in its English), or null
 * where it says no more than the words `noRangeText` gives. */
export function noRangeDetail(reason: string | null | undefined): string | null {
  if (!reason || reason === NO_DEFAULT) return null;
  return reason;
}

/** A total's range in tonnes, and what it leaves out; or why it has none. */
export function totalRangeText(ranged: Ranged<TotalUncertainty>): string {
  const range = ranged.uncertainty ?? null;
  if (range === null) return noRangeText(ranged.uncertainty_reason);
  const tonnes = (kg: number): string => formatNumber(kg / 1000);
  const shown = t("quality.range", {
    value: tonnes(range.half_width_kg),
    unit: t("dashboard.unit"),
    percent: formatNumber(range.half_width_pct, 1),
  });
  if (range.not_covered_co2e_kg <= 0) return shown;
  return t("quality.rangePartial", {
    range: shown,
    covered: tonnes(range.covered_co2e_kg),
    left: tonnes(range.not_covered_co2e_kg),
    unit: t("dashboard.unit"),
  });
}

/** A line's range in kg (± and percent, then low to high), or why it has none. */
export function lineRangeText(ranged: Ranged<LineUncertainty>): string {
  const range = ranged.uncertainty ?? null;
  if (range === null) return noRangeText(ranged.uncertainty_reason);
  return t("quality.lineRange", {
    value: formatNumber(range.half_width_kg, 2),
    percent: formatNumber(range.half_width_pct, 1),
    low: formatNumber(range.low_kg, 2),
    high: formatNumber(range.high_kg, 2),
  });
}

/** One rule applied to a line: what it found, the indicator it speaks to, its points. */
export function reasonText(reason: QualityReason): string {
  const rule = entry(RULE_WORDS, reason.rule);
  const indicator = entry(INDICATOR_WORDS, reason.indicator);
  return t(STARTING_RULES.has(reason.rule) ? "quality.reasonStart" : "quality.reason", {
    rule: rule ? t(rule) : reason.reason,
    indicator: indicator ? t(indicator) : reason.indicator,
    points: formatNumber(reason.points, 0),
  });
}

/** A line's score and its reasons, for its provenance. */
export function LineQualityView(props: { quality: LineQuality | null | undefined }): JSX.Element {
  const quality = props.quality ?? null;
  if (quality === null) return <p data-quality="none">{t("quality.lineNotScored")}</p>;
  return (
    <div data-quality={quality.score}>
      <p class="quality-score">{scoreText(quality.score, 0)}</p>
      <ul class="quality-reasons">
        {quality.reasons.map((reason) => (
          <li key={reason.rule}>{reasonText(reason)}</li>
        ))}
      </ul>
    </div>
  );
}
