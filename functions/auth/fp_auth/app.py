"""The Auth function's entry point: password sign-in and SAML single sign-on."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_auth.routes import password, saml

app = make_resolver()
app.include_router(password.router)
app.include_router(saml.router)

lambda_handler = lambda_handler_for(app)
