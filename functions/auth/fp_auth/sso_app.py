"""The SSO function's entry point: SAML single sign-on and the tenant's SSO settings."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_auth.routes import saml, sso_settings

app = make_resolver()
app.include_router(saml.router)
app.include_router(sso_settings.router)

lambda_handler = lambda_handler_for(app)
