"""/v1/staff/access-reviews over API Gateway proxy events: security staff only, never their
own item, a revocation disables the member of staff at once (their token stops working), the
export's SHA-256 served and in the platform's log."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import partial

from footprint.domain.staff_access import StaffRole
from footprint.domain.tenancy import Role
from footprint.identity import audit, platform_review
from tests.support.clock import Clock
from tests.support.handlers import call_route, proxy_answer, proxy_event
from tests.support.identity import Tenant, authorizer_context
from tests.support.staff import Member, make_member, staff_authorizer_context

APP = "fp_staff.app"
REVIEWS = "/v1/staff/access-reviews"
REVIEW = f"{REVIEWS}/{{review_id}}"
ITEM = f"{REVIEW}/items/{{item_id}}"


call = partial(call_route, APP)


def test_security_staff_review_the_platform_and_revoke_disables_at_once(
    tenant: Tenant, clock: Clock, review_topics: dict[str, str]
) -> None:
    team: dict[str, Member] = {
        "engineer": make_member("Grace", "grace@footprint.example", StaffRole.ENGINEER, clock),
        "lead": make_member("Ada", "ada@footprint.example", StaffRole.LEAD, clock),
        "security": make_member("Joan", "joan@footprint.example", StaffRole.SECURITY, clock),
    }
    review = platform_review.open_review(datetime.fromtimestamp(clock.now, UTC))
    assert review is not None
    review_id = str(review["review_id"])
    security = staff_authorizer_context(team["security"])
    admin = authorizer_context(tenant.context, tenant.admin_id, Role.ADMIN, tenant.admin_tokens)
    for caller in (staff_authorizer_context(team["lead"]), admin):
        assert call("GET", REVIEWS, caller)[0] == 403
    status, listed = call("GET", REVIEWS, security)
    assert (status, [r["review_id"] for r in listed["reviews"]]) == (200, [review_id])
    status, detail = call("GET", REVIEW, security, path={"review_id": review_id})
    assert status == 200
    assert {item["item_id"] for item in detail["items"]} == {m.staff_id for m in team.values()}
    own = {"review_id": review_id, "item_id": team["security"].staff_id}
    status, _ = call("POST", ITEM, security, path=own, body={"decision": "attest"})
    assert status == 403
    engineer = staff_authorizer_context(team["engineer"])
    assert call("GET", "/v1/staff/access-requests", engineer)[0] == 200
    theirs = {"review_id": review_id, "item_id": team["engineer"].staff_id}
    status, answer = call("POST", ITEM, security, path=theirs, body={"decision": "revoke"})
    assert status == 400  # a revocation says why
    status, revoked = call(
        "POST", ITEM, security, path=theirs, body={"decision": "revoke", "reason": "left"}
    )
    assert (status, revoked["decision"], revoked["decided_by"]) == (
        200,
        "revoke",
        team["security"].staff_id,
    )
    assert call("GET", "/v1/staff/access-requests", engineer)[0] == 401
    status, _ = call("POST", ITEM, security, path=theirs, body={"decision": "attest"})
    assert status == 409

    event = proxy_event(
        "GET", f"{REVIEW}/export", path_parameters={"review_id": review_id}, authorizer=security
    )
    event["queryStringParameters"] = {"format": "csv"}
    event["multiValueQueryStringParameters"] = {"format": ["csv"]}
    answer = proxy_answer(APP, event)
    assert answer["statusCode"] == 200
    served = answer["body"].encode("utf-8")
    digest = hashlib.sha256(served).hexdigest()
    assert answer["multiValueHeaders"]["X-Footprint-Export-SHA256"] == [digest]
    day = datetime.fromtimestamp(clock.now, UTC).date().isoformat()
    exported = [e for e in audit.list_platform_events(day) if e.action == "access_review.exported"]
    assert [e.details["sha256"] for e in exported] == [digest]
