"""The API against its own OpenAPI document: schemathesis generates requests for every route
(valid ones from the schemas, and ones that break them), signed in as a tenant admin, and
checks every answer: never a 5xx, only statuses the route declares, the declared content type,
and a body that matches the declared schema.

The seed is fixed, so a run is repeatable and a failure names the request that found it; the
number of examples per route keeps `make test` within its budget.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from local.openapi import OUTPUT
from local.running import RunningPlatform
from tests.support.platform_accounts import Member, onboard

pytestmark = pytest.mark.integration

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_ROUTE = 25

schema = schemathesis.openapi.from_path(OUTPUT)


@pytest.fixture(scope="module")
def admin(platform: RunningPlatform) -> Iterator[Member]:
    # A tenant of its own: the fuzzer invites users and uploads files into it.
    with platform.client() as client:
        yield onboard(platform, client, "Fuzz Ltd", "admin@fuzz.example").admin


@schema.parametrize()
@seed(20261204)
@settings(
    max_examples=EXAMPLES_PER_ROUTE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_route_answers_as_its_document_says(
    case: schemathesis.Case, platform: RunningPlatform, admin: Member
) -> None:
    case.call_and_validate(base_url=platform.api_url, headers=admin.headers, checks=CHECKS)
