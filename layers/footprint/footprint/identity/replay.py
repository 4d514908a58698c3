"""One-time values (SAML assertion ids, and any other nonce): the first use wins."""

from __future__ import annotations

from boto3.dynamodb.conditions import Attr

from footprint.adapters.repository import ConditionFailed, TenantRepository
from footprint.domain.tenancy import TenantContext
from footprint.identity import clock


def remember_once(context: TenantContext, namespace: str, value: str, *, expires_at: int) -> bool:
    """True the first time ``value`` is seen in ``namespace`` for this tenant, else False.

    A conditional put makes this atomic across concurrent requests; the item stays until
    ``expires_at`` (after which the value could not be accepted anyway); an expired item
    that TTL has not yet deleted counts as absent.
    """
    unseen = Attr("pk").not_exists() | Attr("expires_at").lt(int(clock.now()))
    try:
        TenantRepository(context).put(
            ("REPLAY", namespace), (value,), {"seen": True}, expires_at=expires_at, condition=unseen
        )
    except ConditionFailed:
        return False
    return True
