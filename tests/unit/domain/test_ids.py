"""The id forms: what each admits and what it refuses."""

from __future__ import annotations

import re
import time

import pytest

from footprint.domain.ids import UPLOAD_ID_PATTERN, new_upload_id, valid_file_id, valid_id


@pytest.mark.parametrize("value", ["acme", "t-0123456789abcdef", "u-1f", "a" * 63])
def test_a_tenant_or_user_id_is_lowercase_letters_digits_and_dashes(value: str) -> None:
    assert valid_id(value)


@pytest.mark.parametrize(
    "value", ["ab", "a" * 64, "-acme", "Acme", "acme_1", "acme/1", "acme.1", "acme\n", ""]
)
def test_anything_else_is_not_a_tenant_or_user_id(value: str) -> None:
    assert not valid_id(value)


@pytest.mark.parametrize(
    "value", ["0193a1b2c3d4e5f6a7b8c9d0", "c1764115200000-1a2b3c4d", "A", "x_y-Z" * 12]
)
def test_an_upload_or_calculation_id_is_one_folder_name(value: str) -> None:
    assert valid_file_id(value)


@pytest.mark.parametrize("value", ["", "..", "../x", "a/b", "-a", "_a", "a.b", "a" * 65, "a\n"])
def test_a_file_id_cannot_leave_its_folder_or_run_long(value: str) -> None:
    assert not valid_file_id(value)


def test_a_new_upload_id_matches_the_pattern_and_sorts_by_creation_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    earlier = new_upload_id()
    assert re.fullmatch(UPLOAD_ID_PATTERN, earlier)
    monkeypatch.setattr(time, "time", lambda: 4_102_444_800.0)  # 2100-01-01
    later = new_upload_id()
    assert re.fullmatch(UPLOAD_ID_PATTERN, later)
    assert later > earlier


@pytest.mark.parametrize(
    "bad", ["", "../x", "0190A1B2C3D4E5F6A7B8C9D0", "0190a1b2c3d4e5f6a7b8c9d", "u-1", "0" * 25]
)
def test_the_pattern_refuses_what_is_not_an_upload_id(bad: str) -> None:
    assert re.fullmatch(UPLOAD_ID_PATTERN, bad) is None
