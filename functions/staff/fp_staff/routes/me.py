"""/v1/staff/me: the signed-in member of staff (the console shows what their role may do)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel

from footprint.api.access import current_staff, staff_roles
from footprint.domain.staff_access import StaffRole

router = APIGatewayRouter()  # type: ignore[no-untyped-call]


class StaffMe(BaseModel):
    staff_id: str
    email: str
    name: str
    role: StaffRole


@router.get(
    "/v1/staff/me",
    summary="Staff: the signed-in member of staff",
    tags=["staff"],
    openapi_extensions=staff_roles(*StaffRole),
)
def me() -> StaffMe:
    member = current_staff(router)
    return StaffMe(staff_id=member.staff_id, email=member.email, name=member.name, role=member.role)
