"""The Uploads function's entry point: taking files in, following uploads, recalculating,
listing an upload's kept calculations."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_uploads.routes import calculations, create, recalculate, uploads

app = make_resolver()
app.include_router(create.router)
app.include_router(uploads.router)
app.include_router(recalculate.router)
app.include_router(calculations.router)

lambda_handler = lambda_handler_for(app)
