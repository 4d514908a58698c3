"""Errors the domain raises, each carrying what a client needs to fix its input.

The API layer maps every ``FootprintError`` to the single error shape
``{"error": {"code", "message", "details"}}``; the domain never imports HTTP code, so each
class names its own HTTP status as plain data.
"""

from __future__ import annotations

from typing import Any, ClassVar


class FootprintError(Exception):
    """Base of every error that is safe to show a client (no internals, no stack)."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details


class InvalidInput(FootprintError):
    """Input that fails validation: names the field (and row, for files) that is wrong."""

    status = 400
    code = "invalid_input"

    # The other faults of the same record, each naming its own field (see ``several``).
    others: tuple[InvalidInput, ...] = ()

    @classmethod
    def several(cls, errors: list[InvalidInput]) -> InvalidInput:
        """One error for a record with several faulty fields: the first, carrying the rest
        (``details["errors"]`` lists them all, for the API's error shape)."""
        first = errors[0]
        if len(errors) == 1:
            return first
        combined = cls(first.message, **first.details)
        combined.others = tuple(errors[1:])
        combined.details["errors"] = [
            error.problem(error.details.get("row", 0)) for error in errors
        ]
        return combined

    def problem(self, row: int) -> dict[str, Any]:
        """The error as one entry of an upload's list of problems: row, column, message."""
        return {
            "row": row,
            "column": self.details.get("field") or self.details.get("column"),
            "message": self.message,
        }

    def problems(self, row: int) -> list[dict[str, Any]]:
        """One entry per faulty field of the record (``problem`` for each)."""
        return [self.problem(row), *(other.problem(row) for other in self.others)]

    def for_row(self, row: int) -> InvalidInput:
        """The same error (every field's) re-issued for row ``row``."""
        again = type(self)(self.message, **{**self.details, "row": row})
        again.others = tuple(other.for_row(row) for other in self.others)
        if "errors" in self.details:
            again.details["errors"] = again.problems(row)
        return again


class InvalidJson(FootprintError):
    """A request body that is not UTF-8 JSON: names the byte where reading stopped."""

    status = 400
    code = "invalid_json"


class InvalidForm(FootprintError):
    """A form body (the SAML ACS) that is not UTF-8 text."""

    status = 400
    code = "invalid_form"


class Unauthenticated(FootprintError):
    status = 401
    code = "unauthenticated"


class Forbidden(FootprintError):
    status = 403
    code = "forbidden"


class NotFound(FootprintError):
    status = 404
    code = "not_found"


class Conflict(FootprintError):
    status = 409
    code = "conflict"


class Unprocessable(FootprintError):
    """Well-formed input that contradicts what it refers to (a reused Idempotency-Key)."""

    status = 422
    code = "unprocessable"


class TooLarge(FootprintError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(FootprintError):
    """A body of a media type the route does not read."""

    status = 415
    code = "unsupported_media_type"


class Locked(FootprintError):
    status = 423
    code = "locked"


class TooManyRequests(FootprintError):
    status = 429
    code = "too_many_requests"
