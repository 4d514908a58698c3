"""Our side of SAML sign-in for the domain tests: two tenants behind one public base URL, and
the per-tenant stores (requests pending, assertions seen) kept in memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from footprint.domain.auth.saml import PendingSignIn

BASE_URL = "https://api.footprint.example/prod"
TENANT_A = "tenant-acme"
TENANT_B = "tenant-globex"


@dataclass
class MemoryPendingSignIns:
    """In-memory ``PendingSignIns`` of one tenant: each request answered once."""

    items: dict[str, PendingSignIn] = field(default_factory=dict)

    def remember(self, pending: PendingSignIn) -> None:
        self.items[pending.request_id] = pending

    def consume(self, request_id: str) -> PendingSignIn | None:
        return self.items.pop(request_id, None)


@dataclass
class MemoryReplayStore:
    """In-memory ``AssertionReplayStore`` of one tenant."""

    seen: dict[str, int] = field(default_factory=dict)

    def first_use(self, assertion_id: str, expires_at: int) -> bool:
        if assertion_id in self.seen:
            return False
        self.seen[assertion_id] = expires_at
        return True
