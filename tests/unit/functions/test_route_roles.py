"""The routes of the Users, Auth and SSO functions: what the published document declares is
what the template runs, and each role gets exactly what each route declares."""

from __future__ import annotations

import importlib
import json
from typing import Any

from footprint.api.access import PUBLIC, ROLES_EXTENSION, STAFF_ROLES_EXTENSION
from footprint.domain.staff_access import StaffRole
from footprint.domain.tenancy import Role
from local.template import ROOT, load_template
from tests.support.handlers import invoke, proxy_event
from tests.support.identity import Tenant

MODULES = {
    "UsersFunction": "fp_users.app",
    "AuthFunction": "fp_auth.app",
    "SsoFunction": "fp_auth.sso_app",
}


def _document() -> dict[str, Any]:
    path = ROOT / "layers" / "footprint" / "footprint" / "api" / "openapi.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _template_routes() -> dict[tuple[str, str], tuple[str, bool]]:
    """(METHOD, path) -> (function logical id, runs the authorizer)."""
    routes = {}
    for logical_id, resource in load_template()["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] != "Api":
                continue
            properties = event["Properties"]
            protected = properties.get("Auth", {}).get("Authorizer") != "NONE"
            routes[(properties["Method"].upper(), properties["Path"])] = (logical_id, protected)
    return routes


def test_every_documented_route_declares_its_roles_as_the_template_runs_it() -> None:
    template = _template_routes()
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            key = (method.upper(), path)
            assert key in template, f"{key} is documented but not routed by the template"
            _, protected = template[key]
            declared = operation.get(ROLES_EXTENSION)
            staff = operation.get(STAFF_ROLES_EXTENSION)
            if protected and staff is not None:
                # A staff route: staff roles only, never a tenant's.
                assert declared is None, key
                assert staff
                assert set(staff) <= {role.value for role in StaffRole}
            elif protected:
                assert declared, f"{key} runs the authorizer but declares no roles"
                assert PUBLIC not in declared
                assert set(declared) <= {role.value for role in Role}
            else:
                assert staff is None, key
                assert declared in (None, [PUBLIC]), f"{key} is public in the template"


def _my_routes() -> list[tuple[str, str, list[str]]]:
    """The protected routes of the Users, Auth and SSO functions, from their own OpenAPI
    schemas (the same source local.openapi merges into the published document)."""
    template = _template_routes()
    found = []
    for function, module in MODULES.items():
        app = importlib.import_module(module).app
        schema = app.get_openapi_schema().model_dump(mode="json", by_alias=True, exclude_none=True)
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                routed_by, protected = template[(method.upper(), path)]
                assert routed_by == function
                if protected:
                    found.append((method.upper(), path, list(operation[ROLES_EXTENSION])))
    return found


def test_each_role_gets_exactly_what_each_route_declares(
    tenant: Tenant, members: dict[Role, dict[str, str]]
) -> None:
    template = _template_routes()
    routes = _my_routes()
    assert {(m, p) for m, p, _ in routes} >= {("GET", "/v1/me"), ("PATCH", "/v1/users/{user_id}")}
    for method, path, declared in routes:
        module = MODULES[template[(method, path)][0]]
        for role, authorizer in members.items():
            event = proxy_event(
                method,
                path,
                path_parameters={"user_id": "u-0000000000000000"} if "{user_id}" in path else None,
                # An invalid body: a refused role must get 403, not a validation answer.
                body={"unexpected": True} if method in ("POST", "PUT", "PATCH") else None,
                authorizer=authorizer,
            )
            status, answer = invoke(module, event)
            if role.value in declared:
                assert status not in (401, 403), (method, path, role, answer)
            else:
                assert status == 403, (method, path, role, status)
                assert answer["error"]["code"] == "forbidden"
                # Nor may a body of the wrong media type tell a refused role what it expects.
                event["headers"] = {"Content-Type": "text/plain"}
                event["multiValueHeaders"] = {"Content-Type": ["text/plain"]}
                assert invoke(module, event)[0] == 403, (method, path, role)
