"""The uncertainty statement's routes: every role reads it, an admin states it (audited with
the old and the new digest), bad input is refused naming the field and stores nothing, and a
tenant reads only its own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from footprint.baseline import uncertainty
from footprint.domain.tenancy import Role
from footprint.domain.uncertainty import CategoryDefault, Part, defaults
from footprint.identity import audit
from tests.support.base_year import call
from tests.support.clock import Clock
from tests.support.identity import Tenant, add_member, authorizer_context, make_tenant
from tests.support.uploads import UploadsStack

ROUTE = "/v1/tenant/inventory/uncertainty"
# Test inputs, each with the kind of source an organisation gives.
GAS = {
    "activity_pct": 2,
    "activity_source": "meter class 2 per the site's calibration certificate",
    "factor_pct": 3,
    "factor_source": "the gas supplier's stated tolerance",
}
STATEMENT = {"categories": {"stationary_combustion": GAS}}


def test_nothing_is_stated_until_an_admin_states_it_and_every_role_reads_it(
    tenant: Tenant, admin: dict[str, str], viewer: dict[str, str]
) -> None:
    status, unset = call(viewer, "GET", ROUTE)
    assert (status, unset["categories"], unset["updated_at"]) == (200, {}, None)
    status, stated = call(admin, "PUT", ROUTE, body=STATEMENT)
    assert status == 200, stated
    assert stated["categories"]["stationary_combustion"]["factor_pct"] == 3.0
    assert stated["digest"] != unset["digest"]
    status, read = call(viewer, "GET", ROUTE)
    assert (status, read) == (200, stated)
    events, _ = audit.list_events(
        tenant.context, where=audit.EventFilter(action="inventory.uncertainty")
    )
    assert [event.details for event in events] == [
        {"old_digest": unset["digest"], "new_digest": stated["digest"]}
    ]
    assert events[0].actor == tenant.admin_id


def test_a_part_may_be_stated_alone_and_a_new_statement_replaces_the_old(
    admin: dict[str, str],
) -> None:
    call(admin, "PUT", ROUTE, body=STATEMENT)
    only_factor = {"factor_pct": 5, "factor_source": "supplier's declaration, 2025 edition"}
    status, stated = call(admin, "PUT", ROUTE, body={"categories": {"waste": only_factor}})
    assert status == 200, stated
    assert stated["categories"] == {
        "waste": {"activity_pct": None, "activity_source": None, **only_factor}
    }


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.AUDITOR])
def test_only_an_admin_states_figures(
    tenant: Tenant, clock: Clock, uploads: UploadsStack, role: Role
) -> None:
    user_id, tokens = add_member(tenant, role, f"{role.value}@acme.example", clock)
    caller = authorizer_context(tenant.context, user_id, role, tokens)
    assert call(caller, "PUT", ROUTE, body=STATEMENT)[0] == 403
    assert call(caller, "GET", ROUTE)[1]["categories"] == {}


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({**GAS, "activity_pct": 0}, "categories.stationary_combustion.activity_pct"),
        ({**GAS, "activity_pct": -1}, "categories.stationary_combustion.activity_pct"),
        ({**GAS, "factor_pct": 100.5}, "categories.stationary_combustion.factor_pct"),
        ({**GAS, "factor_pct": "3 %"}, "categories.stationary_combustion.factor_pct"),
        ({**GAS, "activity_source": None}, "categories.stationary_combustion.activity_source"),
        ({"activity_pct": 2}, "categories.stationary_combustion.activity_source"),
        ({"factor_source": "a tolerance"}, "categories.stationary_combustion.factor_source"),
        ({**GAS, "factor_source": ""}, "categories.stationary_combustion.factor_source"),
        ({**GAS, "factor_source": "   "}, "categories.stationary_combustion.factor_source"),
        ({**GAS, "factor_source": "x" * 501}, "categories.stationary_combustion.factor_source"),
        ({**GAS, "factor_source": "line\nbreak"}, "categories.stationary_combustion.factor_source"),
        ({**GAS, "factor_source": "bell\x07"}, "categories.stationary_combustion.factor_source"),
        ({**GAS, "activity": 2}, "categories.stationary_combustion.activity"),
    ],
)
def test_bad_figures_are_refused_naming_the_field_and_nothing_is_stored(
    admin: dict[str, str], entry: dict[str, Any], field: str
) -> None:
    status, body = call(admin, "PUT", ROUTE, body={"categories": {"stationary_combustion": entry}})
    assert status == 400, body
    assert field in [problem["field"] for problem in body["error"]["details"]["errors"]]
    assert call(admin, "GET", ROUTE)[1]["categories"] == {}


def test_an_unknown_category_is_refused_naming_it(admin: dict[str, str]) -> None:
    status, body = call(admin, "PUT", ROUTE, body={"categories": {"cooking": GAS}})
    assert status == 400
    assert "categories.cooking" in json.dumps(body["error"]["details"])
    assert call(admin, "GET", ROUTE)[1]["categories"] == {}


def test_a_tenant_reads_only_its_own_statement(
    admin: dict[str, str], clock: Clock, uploads: UploadsStack
) -> None:
    call(admin, "PUT", ROUTE, body=STATEMENT)
    other = make_tenant("Other Co", "owner@other.example", clock)
    other_admin = authorizer_context(other.context, other.admin_id, Role.ADMIN, other.admin_tokens)
    assert call(other_admin, "GET", ROUTE)[1]["categories"] == {}


def test_the_answer_carries_the_published_defaults_the_statement_stands_beside(
    admin: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert set(call(admin, "GET", ROUTE)[1]["published"]) == set(defaults())
    published = {"waste": CategoryDefault(None, Part(5.0, "a publisher's table 3"), "none read")}
    monkeypatch.setattr(uncertainty, "defaults", lambda: published)
    status, stated = call(admin, "PUT", ROUTE, body=STATEMENT)
    assert status == 200, stated
    assert stated["published"] == {
        "waste": {
            "activity_pct": None,
            "activity_source": None,
            "factor_pct": 5.0,
            "factor_source": "a publisher's table 3",
            "searched": "none read",
        }
    }
    assert call(admin, "GET", ROUTE)[1]["published"] == stated["published"]
