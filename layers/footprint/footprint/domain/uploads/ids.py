"""Upload ids: made here, checked against the one pattern every reader of them uses (the
API's path and query parameters, the workflow's input)."""

from __future__ import annotations

import re
import secrets
import time

# 24 lowercase hex characters: creation time in ms (12), then randomness (12). Ids that
# begin with their creation time list newest first when read backwards.
UPLOAD_ID_PATTERN = r"^[0-9a-f]{24}$"
_UPLOAD_ID = re.compile(UPLOAD_ID_PATTERN)


def new_upload_id() -> str:
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(6)}"


def valid_upload_id(value: str) -> bool:
    return bool(_UPLOAD_ID.fullmatch(value))
