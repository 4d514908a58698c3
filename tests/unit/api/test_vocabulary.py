"""The API's declared words agree with the code that makes or reads the values."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from footprint.adapters.workflow import new_calculation_id
from footprint.api.vocabulary import MONTH_PATTERN, CategoryName, GwpSet
from footprint.domain.errors import InvalidInput
from footprint.domain.factors import CATEGORIES
from footprint.domain.factors.gwp import GWP_SETS
from footprint.domain.ids import FILE_ID_PATTERN, ID_PATTERN, UPLOAD_ID_PATTERN, new_upload_id
from footprint.domain.inventory import check_month
from footprint.identity.tenants import new_id


def test_the_gwp_sets_a_caller_may_name_are_the_library_s() -> None:
    assert get_args(GwpSet) == GWP_SETS


def test_the_categories_a_caller_may_name_are_the_calculator_s() -> None:
    assert get_args(CategoryName) == tuple(CATEGORIES)


def test_generated_ids_match_their_declared_patterns() -> None:
    upload_id = new_upload_id()
    assert re.fullmatch(UPLOAD_ID_PATTERN, upload_id)
    assert re.fullmatch(FILE_ID_PATTERN, upload_id)
    assert re.fullmatch(FILE_ID_PATTERN, new_calculation_id())
    assert re.fullmatch(ID_PATTERN, new_id("u"))


@pytest.mark.parametrize("month", ["2024-01", "1999-12", "2100-10"])
def test_the_month_pattern_admits_months_the_inventory_reads(month: str) -> None:
    assert re.fullmatch(MONTH_PATTERN, month)
    assert check_month(month, "from") == month


@pytest.mark.parametrize("month", ["2024-00", "2024-13", "24-01", "2024-1", "0000-01"])
def test_the_month_pattern_refuses_what_the_inventory_refuses(month: str) -> None:
    assert not re.fullmatch(MONTH_PATTERN, month)
    with pytest.raises(InvalidInput):
        check_month(month, "from")
