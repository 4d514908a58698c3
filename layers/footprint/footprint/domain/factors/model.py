"""Factors and editions as loaded from the committed library files.

A factor keeps each value exactly as published (value, numerator unit, cell);
``PublishedValue.kilograms`` turns one into kilograms (of gas, or of CO2e). Values already in
CO2e cannot be re-weighted under another GWP set unless the publisher split them by gas (DESNZ
does, on AR5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

# Kilograms per published mass unit: g and lb (exact, international avoirdupois).
_MASS_TO_KG = {"kg": 1.0, "g": 0.001, "lb": 0.45359237}
# CO2e numerators; the factor's ``gwp_basis`` names the set they were formed with.
_CO2E_TO_KG = {"kgCO2e": 1.0, "tCO2e": 1000.0}


@dataclass(frozen=True, slots=True)
class Edition:
    """One published edition of one source (``epa_hub`` 2025, ``desnz`` 2024...)."""

    source: str
    edition: str
    year: int
    publisher: str
    title: str
    released: str
    licence: str
    source_file: str
    gwp_basis: str | None
    notes: tuple[str, ...]

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Edition:
        return cls(
            source=document["source"],
            edition=document["edition"],
            year=document["year"],
            publisher=document["publisher"],
            title=document["title"],
            released=document["released"],
            licence=document["licence"],
            source_file=document["source_file"],
            gwp_basis=document.get("gwp_basis"),
            notes=tuple(document["notes"]),
        )


class PublishedValue(NamedTuple):
    """One published number: gas, value, numerator unit (``kg``, ``g``, ``lb``, ``kgCO2e``...)
    and the cell or line it came from. A named tuple: the library holds tens of thousands."""

    gas: str
    value: float
    numerator: str
    cell: str

    @property
    def is_co2e(self) -> bool:
        return self.numerator in _CO2E_TO_KG

    @property
    def kilograms(self) -> float:
        """The value in kg (of gas, or of CO2e for CO2e numerators)."""
        return self.value * (_CO2E_TO_KG.get(self.numerator) or _MASS_TO_KG[self.numerator])


@dataclass(frozen=True, slots=True)
class Factor:
    """An emission factor: gases per one ``unit`` of activity, with its provenance."""

    id: str
    edition: Edition
    categories: tuple[str, ...]
    activity: str
    label: str
    region: str
    unit: str
    source_unit: str
    table: str
    row: str
    values: tuple[PublishedValue, ...]
    gwp_basis: str | None
    model_years: tuple[int | None, int] | None = None
    fuel_activity: str | None = None
    component: str | None = None
    co2e_total: tuple[float, str] | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any], edition: Edition) -> Factor:
        years = record.get("model_years")
        total = record.get("co2e_total")
        return cls(
            id=record["id"],
            edition=edition,
            categories=tuple(record["categories"]),
            activity=record["activity"],
            label=record["label"],
            region=record["region"],
            unit=record["unit"],
            source_unit=record["source_unit"],
            table=record["table"],
            row=record["row"],
            values=tuple(PublishedValue(*value) for value in record["gases"]),
            gwp_basis=record.get("gwp_basis", edition.gwp_basis),
            model_years=(years[0], years[1]) if years else None,
            fuel_activity=record.get("fuel_activity"),
            component=record.get("component"),
            co2e_total=(total[0], total[1]) if total else None,
        )

    def covers_model_year(self, year: int) -> bool:
        """Whether this factor's model-year range includes ``year`` (open below for ``≤1980``)."""
        if self.model_years is None:
            return True
        first, last = self.model_years
        return (first is None or first <= year) and year <= last

    def to_dict(self) -> dict[str, Any]:
        """The factor as plain data for the API and the CLI (provenance included)."""
        return {
            "id": self.id,
            "source": self.edition.source,
            "edition": self.edition.edition,
            "publisher": self.edition.publisher,
            "released": self.edition.released,
            "licence": self.edition.licence,
            "edition_notes": list(self.edition.notes),
            "categories": list(self.categories),
            "activity": self.activity,
            "label": self.label,
            "region": self.region,
            "unit": self.unit,
            "source_unit": self.source_unit,
            "table": self.table,
            "row": self.row,
            "gwp_basis": self.gwp_basis,
            "model_years": list(self.model_years) if self.model_years else None,
            "published_co2e_total": (
                {"value": self.co2e_total[0], "cell": self.co2e_total[1]}
                if self.co2e_total
                else None
            ),
            "values": [
                {
                    "gas": v.gas,
                    "value": v.value,
                    "unit": f"{v.numerator}/{self.source_unit}",
                    "cell": v.cell,
                }
                for v in self.values
            ],
        }
