"""The forms of the ids the platform makes, each written once: the domain checks them, the
API declares them to callers, the workflow's input is validated against them."""

from __future__ import annotations

import re
import secrets
import time

# Tenant, user and session ids are ours (generated), never client text: lowercase letters,
# digits, dash.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,62}$"
# An upload or calculation id, as it names a folder in an object key: a letter or digit first,
# so no id can climb out of its folder.
FILE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
# An upload id, of the file form: 24 lowercase hex characters, creation time in ms (12) then
# randomness (12), so ids that begin with their creation time list newest first when read
# backwards.
UPLOAD_ID_PATTERN = r"^[0-9a-f]{24}$"

# A reduction target's id: ours, "tg-" then 16 lowercase hex characters.
TARGET_ID_PATTERN = r"^tg-[0-9a-f]{16}$"

_ID = re.compile(ID_PATTERN)
_FILE_ID = re.compile(FILE_ID_PATTERN)
_UPLOAD_ID = re.compile(UPLOAD_ID_PATTERN)


def valid_id(value: str) -> bool:
    return bool(_ID.fullmatch(value))


def valid_file_id(value: str) -> bool:
    return bool(_FILE_ID.fullmatch(value))


def new_upload_id() -> str:
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(6)}"


def valid_upload_id(value: str) -> bool:
    return bool(_UPLOAD_ID.fullmatch(value))


def new_target_id() -> str:
    return f"tg-{secrets.token_hex(8)}"


def valid_target_id(value: str) -> bool:
    return bool(re.fullmatch(TARGET_ID_PATTERN, value))


def new_snapshot_id() -> str:
    """A base-year snapshot's id, of the upload id's form: time first, so ids sort by age."""
    return new_upload_id()
