"""The Staff function's entry point: staff sign-in, the signed-in member, just-in-time access
requests and the platform's access reviews."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_staff.routes import access_requests, access_reviews, me, signin

app = make_resolver()
app.include_router(signin.router)
app.include_router(me.router)
app.include_router(access_requests.router)
app.include_router(access_reviews.router)

lambda_handler = lambda_handler_for(app)
