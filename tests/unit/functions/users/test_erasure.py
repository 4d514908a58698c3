"""POST /v1/users/{id}/erase: afterwards no GET an admin or auditor can call answers the
person's name or e-mail, the audit chain still verifies, and the erasure is audited."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from footprint.adapters.repository import TenantRepository
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import access_reviews, audit, users
from local.template import load_template
from tests.support.clock import Clock
from tests.support.handlers import invoke, proxy_answer, proxy_event
from tests.support.identity import Tenant

NAME = "Hanako Yamada"
EMAIL = "editor@acme.example"
ERASE = "/v1/users/{user_id}/erase"
USER = "/v1/users/{user_id}"


def _gets() -> list[tuple[str, str]]:
    """(path, handler module) of every GET the template routes through the authorizer."""
    found = []
    for resource in load_template()["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        module = str(properties["Handler"]).rsplit(".", 1)[0]
        for event in properties.get("Events", {}).values():
            api = event["Properties"] if event["Type"] == "Api" else None
            if api and api["Method"].upper() == "GET" and "Auth" not in api:
                found.append((api["Path"], module))
    return found


def _erased_user(tenant: Tenant, members: dict[Role, dict[str, str]], clock: Clock) -> str:
    """The editor, named, listed in this quarter's access review and then disabled."""
    user_id = members[Role.EDITOR]["user_id"]
    TenantRepository(tenant.context).update(*users.profile(user_id), set_values={"name": NAME})
    access_reviews.open_review(
        TenantContext.for_workflow(tenant.context.tenant_id),
        datetime.fromtimestamp(clock.now, UTC),
    )
    status, _ = invoke(
        "fp_users.app",
        proxy_event(
            "PATCH",
            USER,
            path_parameters={"user_id": user_id},
            body={"disabled": True},
            authorizer=members[Role.ADMIN],
        ),
    )
    assert status == 200
    return user_id


def _answers(caller: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """The body of every GET the caller can fill the path of, by path."""
    answers = {}
    for path, module in _gets():
        names = re.findall(r"{(\w+)}", path)
        if not set(names) <= set(values):
            continue
        event = proxy_event(
            "GET", path, path_parameters={n: values[n] for n in names}, authorizer=caller
        )
        answer = proxy_answer(module, event)
        if answer["statusCode"] == 200:
            answers[path] = str(answer.get("body") or "")
    return answers


def test_after_erasure_no_answer_names_the_person_and_the_chain_verifies(
    tenant: Tenant,
    members: dict[Role, dict[str, str]],
    clock: Clock,
    review_topics: dict[str, str],
) -> None:
    user_id = _erased_user(tenant, members, clock)
    review_id = access_reviews.list_reviews(tenant.context)[0]["review_id"]
    values = {"user_id": user_id, "review_id": str(review_id)}
    before = _answers(members[Role.ADMIN], values)
    # The test can fail: before the erasure, the person is in the answers.
    assert any(NAME in body and EMAIL in body for body in before.values())

    status, _ = invoke(
        "fp_users.app",
        proxy_event(
            "POST", ERASE, path_parameters={"user_id": user_id}, authorizer=members[Role.ADMIN]
        ),
    )
    assert status == 204

    for caller in (members[Role.ADMIN], members[Role.AUDITOR]):
        answers = _answers(caller, values)
        assert "/v1/audit" in answers
        for path, body in answers.items():
            assert NAME not in body, path
            assert EMAIL not in body, path
    assert users.lookup_email(EMAIL) is None
    assert audit.verify_tenant(tenant.context).holds
    events, _ = audit.list_events(tenant.context)
    assert any(event.action == "user.erased" and event.target == user_id for event in events)


def test_an_active_user_is_not_erased(tenant: Tenant, members: dict[Role, dict[str, str]]) -> None:
    user_id = members[Role.VIEWER]["user_id"]
    for caller, expected in ((members[Role.AUDITOR], 403), (members[Role.ADMIN], 409)):
        status, body = invoke(
            "fp_users.app",
            proxy_event("POST", ERASE, path_parameters={"user_id": user_id}, authorizer=caller),
        )
        assert status == expected, json.dumps(body)
    assert users.get_user(tenant.context, user_id).email == "viewer@acme.example"


def test_an_id_the_tenant_never_held_is_unknown_and_nothing_is_recorded(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    """Another tenant's user id (or any unknown one) answers 404, as an unknown id does
    everywhere, and leaves no erasure event behind."""
    before = audit.list_events(tenant.context)
    status, body = invoke(
        "fp_users.app",
        proxy_event(
            "POST",
            ERASE,
            path_parameters={"user_id": "u-0123456789abcdef"},
            authorizer=members[Role.ADMIN],
        ),
    )
    assert status == 404, json.dumps(body)
    assert audit.list_events(tenant.context) == before
