"""The uncertainty figures a tenant states for its categories, each with what it rests on:
read by every role, replaced by an admin (audited with the old and the new statement's
digest). Which figure a line takes is ``footprint.domain.uncertainty.applied``'s to decide;
a calculation pins the statement as it stood when it started, so a change applies from the
next calculation or recalculation on and changes no stored figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from footprint.adapters.inventory_records import InventoryRecords
from footprint.domain.tenancy import TenantContext
from footprint.domain.uncertainty import (
    CategoryDefault,
    StatedFigures,
    Statement,
    defaults,
    statement_digest,
)
from footprint.identity import audit, clock


@dataclass(frozen=True)
class StoredStatement:
    """A tenant's statement as stored: empty, with no time, until an admin states one."""

    statement: dict[str, StatedFigures] = field(default_factory=dict)
    updated_at: str | None = None

    @property
    def digest(self) -> str:
        return statement_digest(self.statement)


def published() -> dict[str, CategoryDefault]:
    """The published defaults, by category: what a part takes where the statement is silent
    (the same for every tenant)."""
    return defaults()


def get_statement(context: TenantContext) -> StoredStatement:
    found = InventoryRecords(context).uncertainty_statement()
    return StoredStatement() if found is None else StoredStatement(*found)


def put_statement(
    context: TenantContext, statement: Statement, *, source_ip: str
) -> StoredStatement:
    """Replace the tenant's statement with ``statement`` (checked by the caller's schema)."""
    old = get_statement(context)
    stored = StoredStatement(dict(statement), clock.iso())
    InventoryRecords(context).put_uncertainty_statement(statement, str(stored.updated_at))
    audit.record(
        context,
        action="inventory.uncertainty_stated",
        outcome="success",
        source_ip=source_ip,
        details={"old_digest": old.digest, "new_digest": stored.digest},
    )
    return stored
