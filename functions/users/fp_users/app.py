"""The Users function's entry point: the caller, users, tenant settings, the audit log, and
the staff access to the tenant."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_users.routes import audit, me, staff_access, tenant, users

app = make_resolver()
app.include_router(me.router)
app.include_router(users.router)
app.include_router(tenant.router)
app.include_router(audit.router)
app.include_router(staff_access.router)

lambda_handler = lambda_handler_for(app)
