"""The Auth function's entry point: password sign-in, its challenges, invitations, token
refresh and sign-out.

SAML single sign-on is ``sso_app``, a function of its own: the SAML toolkit (python3-saml,
lxml, xmlsec) costs more to import than a password sign-in should pay on a cold start.
"""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_auth.routes import password

app = make_resolver()
app.include_router(password.router)

lambda_handler = lambda_handler_for(app)
