"""The Users function's entry point: the caller, users, tenant settings, the audit log, the
staff access to the tenant, the access reviews."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_users.routes import (
    access_reviews,
    account,
    audit,
    domains,
    me,
    personal_data,
    staff_access,
    tenant,
    tokens,
    users,
)

app = make_resolver()
app.include_router(me.router)
app.include_router(account.router)
app.include_router(personal_data.router)
app.include_router(users.router)
app.include_router(tenant.router)
app.include_router(audit.router)
app.include_router(staff_access.router)
app.include_router(access_reviews.router)
app.include_router(tokens.router)
app.include_router(domains.router)

lambda_handler = lambda_handler_for(app)
