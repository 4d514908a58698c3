"""The forms of the ids the platform makes, each written once: the domain checks them, the
API declares them to callers, the workflow's input is validated against them."""

from __future__ import annotations

import re

# Tenant, user and session ids are ours (generated), never client text: lowercase letters,
# digits, dash.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,62}$"
# An upload or calculation id, as it names a folder in an object key: a letter or digit first,
# so no id can climb out of its folder.
FILE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

_ID = re.compile(ID_PATTERN)
_FILE_ID = re.compile(FILE_ID_PATTERN)


def valid_id(value: str) -> bool:
    return bool(_ID.fullmatch(value))


def valid_file_id(value: str) -> bool:
    return bool(_FILE_ID.fullmatch(value))
