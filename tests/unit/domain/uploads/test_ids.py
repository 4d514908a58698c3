"""Upload ids: made to the one pattern every reader checks, newest sorting last."""

from __future__ import annotations

import re
import time

import pytest

from footprint.domain.uploads.ids import UPLOAD_ID_PATTERN, new_upload_id


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
