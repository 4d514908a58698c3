"""The edition impact of a published upload, read from its stored results and its parts:
the what-if against the published calculation, two calculations of the upload compared, and
what is refused (an unknown edition, an upload that is not there or is another tenant's)."""

from __future__ import annotations

import io
import math

import pytest

from footprint.adapters import calculation_files
from footprint.adapters.tenant_objects import TenantObjects
from footprint.domain import object_keys
from footprint.domain.batch import calculate_table
from footprint.domain.errors import InvalidInput, NotFound
from footprint.domain.ids import new_upload_id
from footprint.domain.results import stored_side
from footprint.domain.uploads.parsing import FileFormat, read_table, split_table
from footprint.uploads.impact import calculations_impact, edition_impact
from tests.support.clock import Clock
from tests.support.identity import Tenant, make_tenant
from tests.support.uploads import UploadsStack, published_upload, write_parts

HEADER = "facility,period_start,period_end,category,activity,quantity,unit,region\n"
ROWS = [
    "Plant 1,2024-01-01,2024-12-31,stationary_combustion,natural_gas,1000,mmBtu,US",
    "Plant 1,2024-01-01,2024-12-31,electricity,grid,100,MWh,CAMX",
    "Plant 2,2024-03-01,2024-04-30,electricity,grid,55.5,MWh,ERCT",
    "Plant 2,2024-01-01,2024-12-31,stationary_combustion,natural_gas,20,therm,CAMX",
    "Plant 3,2024-06-01,2024-06-30,electricity,grid,7,MWh,NYUP",
]
BODY = (HEADER + "\n".join(ROWS) + "\n").encode("utf-8")


def _published(tenant: Tenant, part_rows: int = 2) -> tuple[str, str]:
    upload_id, calculation_id = published_upload(tenant.context, BODY, part_rows=part_rows)
    write_parts(tenant.context, upload_id, calculation_id, BODY, part_rows)
    return upload_id, calculation_id


def _total(tenant: Tenant, upload_id: str, calculation_id: str) -> float:
    objects = TenantObjects(tenant.context)
    keys = calculation_files.results_keys(objects, upload_id, calculation_id)
    return math.fsum(
        co2e
        for key in keys
        for co2e in stored_side(calculation_files.read_json_gz(objects, key)).co2e
    )


def test_the_impact_of_epa_2025_on_a_2024_upload_across_its_parts(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id, calculation_id = _published(tenant)
    page = edition_impact(tenant.context, upload_id, "epa_hub-2025", None, 0, 10)
    answer = page.answer
    assert (page.from_calculation, page.to_calculation) == (calculation_id, None)
    assert answer["lines_total"] == len(ROWS)
    assert answer["old_co2e_kg"] == _total(tenant, upload_id, calculation_id)
    changes = [abs(line["change_kg"]) for line in answer["lines"]]
    assert changes == sorted(changes, reverse=True)
    # The CAMX line moves most: 100 MWh x (436.655 - 497.443 lb CO2 + ...) per MWh.
    assert answer["lines"][0]["row"] == 3
    assert page.following is None


def test_the_what_if_total_equals_the_recalculated_total(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    """The same file calculated with 2025 pinned, published as a second upload: the impact's
    change is the difference of the two calculations' totals to 1e-9."""
    from footprint.domain.batch import calculators
    from footprint.domain.calculator import Calculator
    from footprint.domain.factors import default_library

    upload_id, calculation_id = _published(tenant)
    answer = edition_impact(tenant.context, upload_id, "epa_hub-2025", "AR6", 0, 1).answer
    pinned = Calculator(default_library(), "AR6", "epa_hub-2025")
    records = [dict(zip(HEADER.strip().split(","), row.split(","), strict=True)) for row in ROWS]
    new_total = math.fsum(pinned.calculate(record).co2e for record in records)
    old_total = math.fsum(calculators()["AR5"].calculate(record).co2e for record in records)
    assert abs(answer["change_kg"] - (new_total - old_total)) <= 1e-9
    assert abs(answer["old_co2e_kg"] - _total(tenant, upload_id, calculation_id)) <= 1e-9


def test_two_calculations_of_the_upload_compared(tenant: Tenant, uploads: UploadsStack) -> None:
    upload_id, first = _published(tenant)
    # A second calculation of the same upload under AR6, as a recalculation writes its
    # results before it is published.
    second = "c-ar6"
    objects = TenantObjects(tenant.context)
    for index, part in enumerate(split_table(io.BytesIO(BODY), FileFormat.CSV, 2)):
        outcome = calculate_table(read_table(part.text, part.first_row), "AR6")
        key = object_keys.results_key(tenant.context, upload_id, second, index)
        calculation_files.write_json_gz(objects, key, outcome.results_document())
    page = calculations_impact(tenant.context, upload_id, first, second, 0, 10)
    answer = page.answer
    assert (answer["old_gwp_set"], answer["new_gwp_set"]) == ("AR5", "AR6")
    assert answer["lines_total"] == len(ROWS)
    expected = _total(tenant, upload_id, second) - _total(tenant, upload_id, first)
    assert expected != 0.0
    assert abs(answer["change_kg"] - expected) <= 1e-9
    assert all(line["gwp"] and not line["factor_cells"] for line in answer["lines"])
    with pytest.raises(NotFound) as missing:
        calculations_impact(tenant.context, upload_id, first, "c-none", 0, 10)
    assert missing.value.details["field"] == "to_calculation"


def test_an_unknown_edition_or_neither_edition_nor_gwp_is_refused(
    tenant: Tenant, uploads: UploadsStack
) -> None:
    upload_id, _ = _published(tenant)
    with pytest.raises(InvalidInput) as unknown:
        edition_impact(tenant.context, upload_id, "epa_hub-1999", None, 0, 10)
    assert unknown.value.details["field"] == "edition"
    with pytest.raises(InvalidInput) as neither:
        edition_impact(tenant.context, upload_id, None, None, 0, 10)
    assert neither.value.details["field"] == "edition"


def test_an_upload_not_found_or_another_tenant_s_is_not_found(
    tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    upload_id, _ = _published(tenant)
    other = make_tenant("Globex", "admin@globex.example", clock)
    for context, wanted in [(tenant.context, new_upload_id()), (other.context, upload_id)]:
        with pytest.raises(NotFound) as missing:
            edition_impact(context, wanted, "epa_hub-2025", None, 0, 10)
        assert missing.value.details["field"] == "upload_id"


def test_an_upload_larger_than_the_bound_is_sent_offline(
    tenant: Tenant, uploads: UploadsStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from footprint.uploads import impact

    upload_id, _ = _published(tenant)
    # published_upload records no rows_total (0): a bound below it stands for a large file.
    monkeypatch.setattr(impact, "MAX_ROWS", -1)
    with pytest.raises(InvalidInput) as refused:
        edition_impact(tenant.context, upload_id, "epa_hub-2025", None, 0, 10)
    assert refused.value.details["field"] == "upload_id"
    assert "footprint calc --compare-edition" in refused.value.message


def test_a_calculation_of_another_upload_or_tenant_is_not_found_naming_its_field(
    tenant: Tenant, clock: Clock, uploads: UploadsStack
) -> None:
    upload_id, calculation_id = _published(tenant)
    _, other_upload_s = _published(tenant)
    other = make_tenant("Globex", "admin@globex.example", clock)
    _, other_tenant_s = _published(other)
    for start, end, field in [
        (other_upload_s, calculation_id, "from_calculation"),
        (calculation_id, other_tenant_s, "to_calculation"),
    ]:
        with pytest.raises(NotFound) as missing:
            calculations_impact(tenant.context, upload_id, start, end, 0, 10)
        assert missing.value.details["field"] == field
    with pytest.raises(NotFound) as theirs:
        calculations_impact(other.context, upload_id, calculation_id, calculation_id, 0, 10)
    assert theirs.value.details["field"] == "upload_id"
