"""Turning one kind of record into a calculation plan: factors, conversions, GWPs, provenance.

A plan is everything about a record except its numbers: which factors apply (and why that
edition), how the record's unit converts into the factor's, and the resulting kilograms of
each gas per unit of quantity (and per unit of distance for on-road CH4/N2O). Records that
share category, activity, region, unit, period and options share one plan, which is what
makes the batch path fast: pint, the library and the GWP table are consulted once per plan,
and each record then costs a few multiplications.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from footprint.domain.activity import MARKET_INSTRUMENTS, ActivityRecord
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import CATEGORIES, Category, Factor, FactorLibrary, choose_edition
from footprint.domain.factors.gwp import Blend, ar6_ch4_note, gwp_label
from footprint.domain.quality import LineFacts, score
from footprint.domain.spelling import closest
from footprint.domain.units import LIQUID_VOLUMES, Conversion, conversion, phases_differ

MAIN_GASES = ("CO2", "CH4", "N2O")
BIOGENIC = "biogenic_CO2"
AS_PUBLISHED = "CO2e"
SPEND_CATEGORIES = ("purchased_goods_services", "capital_goods")
_VEHICLE_DISTANCE = {"mile": "vehicle_mile", "km": "vehicle_km"}
# DESNZ's heading for fuels it publishes per cubic metre of gas (as well as per litre of the
# liquefied ones: those keep their litres).
GASEOUS_FUELS = "gaseous_fuels."


@dataclass(slots=True)
class Plan:
    """Coefficients (kg per record unit) and provenance shared by records of one kind."""

    category: Category
    activity: str
    per_quantity: dict[str, float]
    per_distance: dict[str, float]
    co2e_per_quantity: float
    co2e_per_distance: float
    market: str | None
    market_basis: str | None
    provenance: dict[str, Any]
    # The record's units as the calculation read them (echoed on every line).
    unit: str | None = None
    distance_unit: str | None = None
    needs_distance: bool = field(init=False)

    def __post_init__(self) -> None:
        self.needs_distance = bool(self.per_distance)


class Planner:
    """Builds plans against one library and one GWP set (and, for a what-if, one pinned
    edition: ``editions.choose_edition``)."""

    def __init__(self, library: FactorLibrary, gwp_set: str, edition: str | None = None) -> None:
        self.library = library
        self.gwp_set = gwp_set
        self.edition = edition

    def plan(self, record: ActivityRecord) -> Plan:
        """The plan for ``record``; ``InvalidInput`` (with the row) when none can be made."""
        category = CATEGORIES[record.category]
        if category.name != "electricity" and (
            record.market_instrument or record.supplier_factor is not None
        ):
            raise _error(
                record,
                "market_instrument and supplier_factor apply to electricity only",
                "market_instrument" if record.market_instrument else "supplier_factor",
            )
        if category.name == "refrigerants":
            return self._refrigerant(record, category)
        if record.region is None:
            raise self._no_region(record, category)
        candidates = self.library.candidates(category.name, record.activity, record.region)
        wider = self.library.wider_region(record.region)
        if not candidates and wider is not None:
            # A US-wide factor (fuels, vehicles, waste, spend) applies in every eGRID
            # subregion; the line says which region its factor is for.
            candidates = self.library.candidates(category.name, record.activity, wider)
        if not candidates:
            raise self._not_found(record, category)
        choice = choose_edition(
            list({id(f.edition): f.edition for f in candidates}.values()),
            record.period_start.year,
            self.edition,
        )
        in_edition = [f for f in candidates if f.edition is choice.edition]
        notes = [choice.reason]
        wider_region = in_edition[0].region != record.region
        if wider_region:
            notes.append(
                f"region {record.region} is an eGRID subregion: the {record.activity!r} factor"
                f" is for region {in_edition[0].region} (US-wide), which covers it"
            )
        builder = _Builder(self, record, category, notes)
        if in_edition[0].fuel_activity is not None:
            builder.vehicle(in_edition)
        else:
            factor, applied = self.match_unit(record, in_edition)
            builder.add(factor, applied, per_distance=False)
        plan = builder.finish()
        # Where the line's emissions are reported by country (the CDP's C7 breakdown).
        plan.provenance["country"] = self.library.country_of(record.region)
        plan.provenance["quality"] = score(
            LineFacts(
                spend_based=in_edition[0].unit.startswith("USD"),
                market=plan.market,
                edition_basis=choice.basis,
                wider_region=wider_region,
                model_year_fallback=builder.model_year_fallback,
            )
        )
        if record.distance is not None and not plan.needs_distance:
            raise _error(
                record,
                "distance applies only to EPA on-road vehicles (CH4/N2O per vehicle-mile);"
                " give this activity's amount in quantity and unit",
                "distance",
            )
        if record.vehicle_model_year is not None and not builder.by_model_year:
            raise _error(
                record,
                f"vehicle_model_year does not apply to {record.activity!r}",
                "vehicle_model_year",
            )
        return plan

    def _no_region(self, record: ActivityRecord, category: Category) -> InvalidInput:
        regions = self.library.regions(category.name, record.activity)
        listed = ", ".join(regions) if regions else "US, an eGRID subregion (e.g. CAMX) or UK"
        if regions == ["US"]:
            listed += " (or an eGRID subregion such as CAMX, which takes the US factor)"
        return _error(
            record,
            f"region is required for {category.name}: {record.activity!r} takes {listed}",
            "region",
            allowed=self.library.regions(category.name, record.activity),
        )

    def _not_found(self, record: ActivityRecord, category: Category) -> InvalidInput:
        library = self.library
        if not library.has_activity(category.name, record.activity):
            suggestion = closest(record.activity, library.activities(category.name))
            return _error(
                record,
                f"unknown activity {record.activity!r} for {category.name}"
                + (f": did you mean {suggestion!r}?" if suggestion else "")
                + " (allowed values: docs/activity-values.md, or footprint factors search)",
                "activity",
                **({"suggestion": suggestion} if suggestion else {}),
            )
        regions = library.regions(category.name, record.activity)
        message = (
            f"no {record.activity!r} factor for region {record.region!r}:"
            f" it has factors for {', '.join(regions)}"
        )
        instead = self._activity_in_region(record, category)
        if instead:
            message += (
                f"; for {record.region} use activity {instead!r}"
                f" ({category.name}, region {record.region})"
            )
        return _error(
            record,
            message,
            "region",
            allowed=regions,
            **({"suggestion": instead} if instead else {}),
        )

    def _activity_in_region(self, record: ActivityRecord, category: Category) -> str | None:
        """The activity of ``category`` that has a factor in the record's region and takes
        its unit, nearest to the record's activity (``grid`` in UK: the UK grid's)."""
        region = record.region or ""
        fitting = [
            activity
            for activity in self.library.activities(category.name, region)
            if any(
                conversion_for(activity, record.unit, factor.unit) is not None
                for factor in self.library.candidates(category.name, activity, region)
            )
        ]
        named = [a for a in fitting if record.activity in a.split(".")]
        if named:
            return named[0]
        if len(fitting) == 1:
            return fitting[0]
        return closest(record.activity, fitting)

    def match_unit(
        self, record: ActivityRecord, factors: list[Factor], unit: str | None = None
    ) -> tuple[Factor, AppliedConversion]:
        """The factor whose unit the record's unit converts into (exact unit first)."""
        source = unit or record.unit
        if source == "USD" and record.category in SPEND_CATEGORIES:
            return self._spend(record, factors)
        ordered = sorted(factors, key=lambda f: f.unit != source)
        for factor in ordered:
            applied = conversion_for(record.activity, source, factor.unit)
            if applied is not None:
                return factor, applied
        gaseous = record.activity.startswith(GASEOUS_FUELS)
        if source in LIQUID_VOLUMES and any(
            phases_differ(source, f.unit, gaseous_fuel=gaseous) for f in factors
        ):
            raise _error(
                record,
                f"{record.activity!r} is metered as a gas"
                f" ({', '.join(sorted({f.unit for f in factors}))}): {source} measures a liquid,"
                " and converting it as a volume of gas would understate the emissions; give the"
                " gas volume or its energy, or, for the liquefied fuel, its own activity"
                " (footprint factors search liquefied)",
                "distance_unit" if unit else "unit",
                value=source,
            )
        raise _error(
            record,
            f"unit {source} cannot be converted into the factor unit"
            f" ({', '.join(sorted({f.unit for f in factors}))}) for {record.activity!r}",
            "distance_unit" if unit else "unit",
            value=source,
        )

    def _spend(
        self, record: ActivityRecord, factors: list[Factor]
    ) -> tuple[Factor, AppliedConversion]:
        """Nominal USD count as 2022 USD only when the whole period lies in 2022."""
        if record.period_start.year == record.period_end.year == 2022:
            text = "USD spent in 2022 = USD_2022 (nominal dollars of the factor's base year)"
            return factors[0], AppliedConversion((text,), 1.0)
        raise _error(
            record,
            "USEEIO v1.3.0 factors are per 2022 US dollar (purchaser price): give spend outside"
            " 2022 deflated to 2022 dollars in unit USD_2022 (see docs/activity-format.md)",
            "unit",
            value=record.unit,
        )

    def _refrigerant(self, record: ActivityRecord, category: Category) -> Plan:
        gwp = self.library.gwp
        found = gwp.refrigerant(record.activity)
        if found is None:
            suggestion = closest(record.activity, [name for _activity, name in gwp.activities()])
            raise _error(
                record,
                f"unknown refrigerant or gas {record.activity!r}"
                + (f": did you mean {suggestion!r}?" if suggestion else ""),
                "activity",
            )
        to_kg = applied_conversion(record.unit, "kg")
        if to_kg is None:
            raise _error(record, f"unit {record.unit} is not a mass", "unit", value=record.unit)
        scale = to_kg.multiplier
        if isinstance(found, Blend):
            value = gwp.blend_gwp(found, self.gwp_set)
            terms = " + ".join(
                f"{share!r} x {gwp.gwp(species, self.gwp_set)!r} ({label})"
                for label, species, share in found.parts
                if species
            )
            reference = {
                "id": f"ipcc_gwp/{self.gwp_set}/{found.name}",
                "source": "EPA GHG Emission Factors Hub 2025 Table 12 (composition) +"
                f" {gwp_label(self.gwp_set)}",
                "composition": found.composition,
                "gwp_formula": f"GWP = {terms or '0 (no HFC/PFC constituents)'} = {value!r}",
                "published_gwp_ar5": found.published_gwp[0],
            }
            name = found.name
        else:
            value = found.gwp[self.gwp_set]
            reference = {
                "id": f"ipcc_gwp/{self.gwp_set}/{found.name}",
                "source": f"{gwp_label(self.gwp_set)} (openclimatedata/globalwarmingpotentials)",
                "row": found.line,
            }
            name = found.name
        return Plan(
            category=category,
            activity=record.activity,
            per_quantity={name: scale},
            per_distance={},
            co2e_per_quantity=scale * value,
            co2e_per_distance=0.0,
            market=None,
            market_basis=None,
            provenance={
                "factors": [reference],
                "gwp_set": self.gwp_set,
                "gwp": {name: value},
                "unit_path": list(to_kg.path),
                "formula": f"{name} kg = quantity x {scale!r} (kg per {record.unit});"
                f" CO2e = {name} kg x {value!r} ({self.gwp_set})",
                "notes": [],
                "quality": score(LineFacts()),
            },
            unit=record.unit,
        )


class _Builder:
    """Accumulates factor contributions for one plan, with their provenance."""

    def __init__(
        self, planner: Planner, record: ActivityRecord, category: Category, notes: list[str]
    ) -> None:
        self.planner = planner
        self.record = record
        self.category = category
        self.notes = notes
        self.per_quantity: dict[str, float] = {}
        self.per_distance: dict[str, float] = {}
        self.as_published: list[str] = []
        self.factors: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.terms: list[str] = []
        self.published_total: float | None = None
        self.by_model_year = False
        self.model_year_fallback = False

    def vehicle(self, factors: list[Factor]) -> None:
        """EPA Tables 3-5: CH4/N2O per vehicle-mile (by model year) or per gallon, plus the
        fuel's Table 2 CO2 per unit of fuel burned."""
        record = self.record
        factor = factors[0]
        if factor.unit == "vehicle_mile":
            factor = self._by_model_year(factors)
            if record.distance is None or record.distance_unit is None:
                raise _error(
                    record,
                    "distance is required for on-road CH4/N2O (EPA Tables 3-4, per vehicle-mile)",
                    "distance",
                )
            factor, applied = self.planner.match_unit(record, [factor], record.distance_unit)
            self.add(factor, applied, per_distance=True)
        else:
            factor, applied = self.planner.match_unit(record, factors)
            self.add(factor, applied, per_distance=False)
        fuels = self.planner.library.fuel_factors(factor.edition, factor.fuel_activity or "")
        fuel, applied = self.planner.match_unit(record, fuels)
        self.add(fuel, applied, per_distance=False)

    def _by_model_year(self, factors: list[Factor]) -> Factor:
        record = self.record
        if all(f.model_years is None for f in factors):
            return factors[0]
        self.by_model_year = True
        year = record.vehicle_model_year
        if year is None:
            raise _error(
                record, "vehicle_model_year is required for this vehicle", "vehicle_model_year"
            )
        for factor in factors:
            if factor.covers_model_year(year):
                return factor
        latest = max(factors, key=lambda f: f.model_years[1] if f.model_years else 0)
        if latest.model_years and year > latest.model_years[1]:
            self.model_year_fallback = True
            self.notes.append(
                f"fallback: model year {year} is newer than the table's last row"
                f" ({latest.model_years[1]}); that row's CH4/N2O factors are used"
            )
            return latest
        raise _error(record, f"no CH4/N2O factor for model year {year}", "vehicle_model_year")

    def add(self, factor: Factor, applied: AppliedConversion, *, per_distance: bool) -> None:
        """Add ``factor``'s gases, scaled by the record-to-factor unit conversion. Values a
        publisher split by gas in CO2e (DESNZ, AR5) become gas masses: CO2e / basis GWP."""
        target = self.per_distance if per_distance else self.per_quantity
        basis = factor.gwp_basis or ""
        gwp = self.planner.library.gwp
        for value in factor.values:
            kilograms = value.kilograms
            gas = value.gas
            if gas == AS_PUBLISHED:
                self.as_published.append(f"{factor.id} ({basis})")
            elif value.is_co2e:
                weight = 1.0 if gas == "CO2" else gwp.gwp(gas, basis)
                kilograms /= weight
                self.terms.append(f"kg {gas} = {value.value!r} kg CO2e / {weight!r} ({basis})")
            target[gas] = target.get(gas, 0.0) + kilograms * applied.multiplier
        split = any(v.is_co2e and v.gas != AS_PUBLISHED for v in factor.values)
        if split and factor.co2e_total and basis == self.planner.gwp_set:
            # Under the publisher's own GWP set, CO2e is the published total, not the sum of
            # the (separately rounded) per-gas parts: the number matches the publication.
            self.published_total = factor.co2e_total[0] * applied.multiplier
            self.terms.append(
                f"CO2e = published total {factor.co2e_total[0]!r} kg CO2e/{factor.source_unit}"
                f" [{factor.co2e_total[1]}] ({basis}, the requested set)"
            )
        self.paths.extend(applied.path)
        self.factors.append(_reference(factor))

    def finish(self) -> Plan:
        record = self.record
        gwp_values = self._gwp_values()
        co2e_q = self.published_total
        if co2e_q is None:
            co2e_q = sum(
                kg * gwp_values.get(g, 1.0) for g, kg in self.per_quantity.items() if g != BIOGENIC
            )
        co2e_d = sum(
            kg * gwp_values.get(g, 1.0) for g, kg in self.per_distance.items() if g != BIOGENIC
        )
        ch4 = gwp_values.get("CH4")
        if ch4 is not None and self.planner.gwp_set == "AR6" and self._fossil_ch4():
            self.notes.append(ar6_ch4_note(ch4))
        if self.as_published:
            self.notes.append(
                "CO2e included as published, not re-weighted to "
                f"{self.planner.gwp_set}: {', '.join(self.as_published)}"
            )
        market, basis = self._market()
        return Plan(
            category=self.category,
            activity=record.activity,
            per_quantity=self.per_quantity,
            per_distance=self.per_distance,
            co2e_per_quantity=co2e_q,
            co2e_per_distance=co2e_d,
            market=market,
            market_basis=basis,
            provenance={
                "factors": self.factors,
                "gwp_set": self.planner.gwp_set,
                "gwp": gwp_values,
                "unit_path": self.paths,
                "formula": self._formula(gwp_values),
                "notes": self.notes,
            },
            unit=record.unit,
            distance_unit=record.distance_unit if self.per_distance else None,
        )

    def _fossil_ch4(self) -> bool:
        """Whether the plan's CH4 comes with fossil CO2 (a fossil fuel burned, or a supply
        chain that burns them), so its carbon is fossil; biomass CO2 alone does not count."""
        ch4 = self.per_quantity.get("CH4", 0.0) + self.per_distance.get("CH4", 0.0)
        return ch4 > 0.0 and self.per_quantity.get("CO2", 0.0) > 0.0

    def _gwp_values(self) -> dict[str, float]:
        gases = set(self.per_quantity) | set(self.per_distance)
        gwp = self.planner.library.gwp
        return {
            gas: gwp.gwp(gas, self.planner.gwp_set) if gas != "CO2" else 1.0
            for gas in sorted(gases)
            if gas not in (BIOGENIC, AS_PUBLISHED)
        }

    def _formula(self, gwp_values: dict[str, float]) -> str:
        parts = [f"kg {g} = quantity x {kg!r}" for g, kg in sorted(self.per_quantity.items())]
        parts += [f"kg {g} = distance x {kg!r}" for g, kg in sorted(self.per_distance.items())]
        weights = [f"{g} x {w!r}" for g, w in gwp_values.items()]
        if weights:
            weights[-1] += f" ({self.planner.gwp_set})"
        if self.published_total is not None:
            weights = ["the published total (below)"]
        if AS_PUBLISHED in self.per_quantity:
            weights.append("kg CO2e as published (on the factor's own GWP basis)")
        text = "; ".join(parts) + f"; CO2e = {' + '.join(weights)}"
        if self.terms:
            text += "; from CO2e as published: " + "; ".join(self.terms)
        if BIOGENIC in self.per_quantity:
            text += "; biogenic CO2 reported apart, not in CO2e"
        return text

    def _market(self) -> tuple[str | None, str | None]:
        """Market-based Scope 2: supplier rate, else certificates (0), else residual mix,
        else the location-based factor, saying which."""
        record = self.record
        if self.category.name != "electricity":
            return None, None
        if record.supplier_factor is not None and record.market_instrument:
            raise _error(
                record,
                "give either supplier_factor or market_instrument, not both",
                "market_instrument",
            )
        if record.supplier_factor is not None:
            return "supplier", f"supplier-specific rate: supplier_factor kg CO2e per {record.unit}"
        if record.market_instrument:
            name = MARKET_INSTRUMENTS[record.market_instrument]
            return "zero", f"contractual instrument {name}: zero-emission attributes, 0 kg"
        return "location", (
            f"no supplier rate or instrument, and no residual mix for {record.region} in the"
            " library: location-based factor used"
        )


def _reference(factor: Factor) -> dict[str, Any]:
    edition = factor.edition
    return {
        "id": factor.id,
        "source": f"{edition.publisher}, {edition.title}",
        "edition": edition.edition,
        "released": edition.released,
        "licence": edition.licence,
        "file": edition.source_file,
        "table": factor.table,
        "row": factor.row,
        "region": factor.region,
        "values": [
            f"{v.gas} {v.value!r} {v.numerator}/{factor.source_unit} [{v.cell}]"
            for v in factor.values
        ],
    }


@dataclass(frozen=True, slots=True)
class AppliedConversion:
    """A record's unit converted into a factor's: the path recorded in provenance (one text
    a conversion) and the multiplier."""

    path: tuple[str, ...]
    multiplier: float


def conversion_for(activity: str, source: str, target: str) -> AppliedConversion | None:
    """How a quantity of ``activity`` in ``source`` converts into a factor's ``target`` unit,
    or None: when the dimensions differ, or when one unit measures a liquid and the other a
    gas (a gallon of LNG is no gallon of pipeline gas)."""
    if phases_differ(source, target, gaseous_fuel=activity.startswith(GASEOUS_FUELS)):
        return None
    return applied_conversion(source, target)


def applied_conversion(source: str, target: str) -> AppliedConversion | None:
    """How ``source`` converts into ``target``, or None when the dimensions differ. A plain
    distance (mile, km) against a per-vehicle factor is read as the vehicle's distance."""
    if source in _VEHICLE_DISTANCE and target.startswith("vehicle_"):
        found = applied_conversion(_VEHICLE_DISTANCE[source], target)
        if found is None:
            return None
        note = f"{source} read as {_VEHICLE_DISTANCE[source]} (distance of the vehicle)"
        return AppliedConversion((note, *found.path), found.multiplier)
    try:
        plain: Conversion = conversion(source, target)
    except InvalidInput:
        return None
    return AppliedConversion((plain.path,), plain.factor)


def _error(record: ActivityRecord, message: str, field: str, **details: Any) -> InvalidInput:
    return InvalidInput(message, row=record.row, field=field, **details)
