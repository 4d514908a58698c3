"""The Emissions function's entry point: the inventory summary and export, per-line results
with provenance, and the factor library. Every answer comes from the caller's tenant only:
the context is built from the verified token, never from the request."""

from __future__ import annotations

from footprint.api.http import lambda_handler_for, make_resolver
from fp_emissions.routes import (
    base_year,
    factors,
    impact,
    inventory,
    lines,
    reports,
    targets,
    uncertainty,
)

app = make_resolver()
app.include_router(inventory.router)
app.include_router(lines.router)
app.include_router(impact.router)
app.include_router(factors.router)
app.include_router(reports.router)
app.include_router(base_year.router)
app.include_router(targets.router)
app.include_router(uncertainty.router)

lambda_handler = lambda_handler_for(app)
