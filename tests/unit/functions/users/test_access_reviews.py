"""/v1/access-reviews over API Gateway proxy events: who reads and who decides, and the
export whose SHA-256 the audit log records."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest

from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import access_reviews, audit
from local.lambdas import LambdaContext
from tests.support.clock import Clock
from tests.support.handlers import call_route, proxy_event
from tests.support.identity import Tenant

REVIEWS = "/v1/access-reviews"
REVIEW = "/v1/access-reviews/{review_id}"
ITEM = "/v1/access-reviews/{review_id}/items/{item_id}"
EXPORT = "/v1/access-reviews/{review_id}/export"


@pytest.fixture
def review_id(tenant: Tenant, clock: Clock, review_topics: dict[str, str], members: Any) -> str:
    """This quarter's review of the tenant, with its admin and a member of each role."""
    opened = datetime.fromtimestamp(clock.now, UTC)
    review = access_reviews.open_review(
        TenantContext.for_workflow(tenant.context.tenant_id), opened
    )
    assert review is not None
    return str(review["review_id"])


call = partial(call_route, "fp_users.app")


def test_admins_and_auditors_read_the_reviews_and_others_do_not(
    review_id: str, members: dict[Role, dict[str, str]]
) -> None:
    for role in (Role.ADMIN, Role.AUDITOR):
        status, listed = call("GET", REVIEWS, members[role])
        assert status == 200
        assert [review["review_id"] for review in listed["reviews"]] == [review_id]
        status, detail = call("GET", REVIEW, members[role], path={"review_id": review_id})
        assert status == 200
        assert detail["item_count"] == len(detail["items"]) == 4
    for role in (Role.EDITOR, Role.VIEWER):
        assert call("GET", REVIEWS, members[role])[0] == 403
    assert (
        call("GET", REVIEW, members[Role.ADMIN], path={"review_id": "2001-q1-t-0000000000000000"})[
            0
        ]
        == 404
    )


def test_only_admins_decide_and_never_on_their_own_item(
    review_id: str, members: dict[Role, dict[str, str]]
) -> None:
    viewer = members[Role.VIEWER]["user_id"]
    admin = members[Role.ADMIN]
    path = {"review_id": review_id, "item_id": viewer}
    assert (
        call("POST", ITEM, members[Role.AUDITOR], path=path, body={"decision": "attest"})[0] == 403
    )
    own = {"review_id": review_id, "item_id": admin["user_id"]}
    status, refused = call("POST", ITEM, admin, path=own, body={"decision": "attest"})
    assert status == 403
    assert "own access" in refused["error"]["message"]
    status, decided = call("POST", ITEM, admin, path=path, body={"decision": "attest"})
    assert status == 200
    assert (decided["decision"], decided["decided_by"]) == ("attest", admin["user_id"])
    assert (
        call("POST", ITEM, admin, path=path, body={"decision": "revoke", "reason": "x"})[0] == 409
    )
    status, revoked = call(
        "POST",
        ITEM,
        admin,
        path={"review_id": review_id, "item_id": members[Role.EDITOR]["user_id"]},
        body={"decision": "revoke", "reason": "changed teams"},
    )
    assert (status, revoked["reason"]) == (200, "changed teams")
    # The editor's token stops working at once.
    assert call("GET", "/v1/me", members[Role.EDITOR])[0] == 401


def test_the_exports_sha256_is_in_the_audit_log_and_matches_the_bytes_served(
    tenant: Tenant, review_id: str, members: dict[Role, dict[str, str]]
) -> None:
    event = proxy_event(
        "GET", EXPORT, path_parameters={"review_id": review_id}, authorizer=members[Role.AUDITOR]
    )
    event["queryStringParameters"] = {"format": "csv"}
    event["multiValueQueryStringParameters"] = {"format": ["csv"]}
    from fp_users.app import lambda_handler

    answer = lambda_handler(event, LambdaContext("fp_users.app", 1024, 25))
    assert answer["statusCode"] == 200
    served = answer["body"].encode("utf-8")
    assert served.startswith(b"review_id,quarter,tenant_id,")
    assert served.count(b"\r\n") == 5  # the header and four people
    digest = hashlib.sha256(served).hexdigest()
    assert answer["multiValueHeaders"]["X-Footprint-Export-SHA256"] == [digest]
    events, _ = audit.list_events(tenant.context, limit=50)
    exported = [e for e in events if e.action == "access_review.exported"]
    assert [e.details["sha256"] for e in exported] == [digest]
    assert exported[0].actor == members[Role.AUDITOR]["user_id"]
    assert exported[0].target == review_id
