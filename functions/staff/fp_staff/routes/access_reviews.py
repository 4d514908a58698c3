"""/v1/staff/access-reviews: the platform's quarterly access reviews of every member of staff
and every staff grant. Security staff read them, export the evidence and decide each item
(attest or revoke), never their own."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import current_staff, staff_roles
from footprint.api.access_reviews import ReviewRealm, add_review_routes
from footprint.domain.staff_access import StaffRole
from footprint.identity import platform_review

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

SECURITY = staff_roles(StaffRole.SECURITY)

add_review_routes(
    router,
    ReviewRealm(
        path="/v1/staff/access-reviews",
        tag="staff",
        use_cases=platform_review,
        caller=current_staff,
        readers=SECURITY,
        deciders=SECURITY,
        review_id="A review id: its quarter, 2026-q4-platform",
        item_id="An item id: the member of staff's id, or the grant's",
        list_summary="Security staff: the platform's access reviews, newest first",
        get_summary="Security staff: a platform access review, every item and its decision",
        decide_summary="Security staff: attest or revoke one item (revoke disables the member "
        "of staff, or ends the grant, at once; not your own)",
        export_summary="Security staff: the review's evidence as CSV; its SHA-256 is in the "
        "platform's log",
    ),
)
