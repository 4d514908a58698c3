"""/v1/access-reviews: the tenant's quarterly access reviews. Admins and auditors read them
and export the evidence; admins decide each item (attest or revoke), never their own."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from footprint.api.access import current_context, roles
from footprint.api.access_reviews import ReviewRealm, add_review_routes
from footprint.domain.tenancy import Role
from footprint.identity import access_reviews

router = APIGatewayRouter()  # type: ignore[no-untyped-call]

add_review_routes(
    router,
    ReviewRealm(
        path="/v1/access-reviews",
        tag="access reviews",
        use_cases=access_reviews,
        caller=current_context,
        readers=roles(Role.ADMIN, Role.AUDITOR, identity=True),
        deciders=roles(Role.ADMIN, identity=True),
        review_id="A review id: its quarter and tenant, 2026-q4-t-0123456789abcdef",
        item_id="An item id: the user's id, or the grant's",
        list_summary="The tenant's access reviews, newest first",
        get_summary="An access review: every item and its decision",
        decide_summary="Attest or revoke one item (revoke disables the user, or ends the staff "
        "grant, at once; not your own)",
        export_summary="The review's evidence as CSV; its SHA-256 is recorded in the audit log",
    ),
)
