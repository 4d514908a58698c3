"""/v1/tenant/domains over API Gateway proxy events, the DNS answered from a file as on the
local platform."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footprint.domain.tenancy import Role
from tests.support.handlers import invoke, proxy_event

DOMAIN = {"domain": "acme.example"}


@pytest.fixture
def dns_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "dns.json"
    path.write_text("{}")
    monkeypatch.setenv("FOOTPRINT_DNS_TXT_FILE", str(path))
    return path


def test_an_admin_claims_publishes_verifies_and_removes_a_domain(
    members: dict[Role, dict[str, str]], dns_file: Path
) -> None:
    admin = members[Role.ADMIN]
    status, claimed = invoke(
        "fp_users.app",
        proxy_event(
            "POST", "/v1/tenant/domains", body={"domain": "ACME.example"}, authorizer=admin
        ),
    )
    assert status == 201
    assert claimed["domain"] == "acme.example"
    assert claimed["status"] == "pending"
    assert claimed["record_name"] == "_footprint.acme.example"
    verify = proxy_event(
        "POST", "/v1/tenant/domains/{domain}/verify", path_parameters=DOMAIN, authorizer=admin
    )
    status, refused = invoke("fp_users.app", verify)
    assert status == 409
    assert refused["error"]["details"]["field"] == "domain"
    dns_file.write_text(json.dumps({claimed["record_name"]: [claimed["record_value"]]}))
    status, verified = invoke("fp_users.app", verify)
    assert status == 200
    assert verified["status"] == "verified"
    status, listed = invoke(
        "fp_users.app", proxy_event("GET", "/v1/tenant/domains", authorizer=admin)
    )
    assert status == 200
    assert [d["status"] for d in listed["domains"]] == ["verified"]
    status, _ = invoke(
        "fp_users.app",
        proxy_event(
            "DELETE", "/v1/tenant/domains/{domain}", path_parameters=DOMAIN, authorizer=admin
        ),
    )
    assert status == 204
    assert invoke("fp_users.app", proxy_event("GET", "/v1/tenant/domains", authorizer=admin))[
        1
    ] == {"domains": []}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.AUDITOR])
def test_only_admins_see_or_claim_domains(
    members: dict[Role, dict[str, str]], role: Role, dns_file: Path
) -> None:
    caller = members[role]
    assert (
        invoke("fp_users.app", proxy_event("GET", "/v1/tenant/domains", authorizer=caller))[0]
        == 403
    )
    status, _ = invoke(
        "fp_users.app",
        proxy_event("POST", "/v1/tenant/domains", body=DOMAIN, authorizer=caller),
    )
    assert status == 403


def test_a_bad_domain_names_the_field(members: dict[Role, dict[str, str]]) -> None:
    status, answer = invoke(
        "fp_users.app",
        proxy_event(
            "POST",
            "/v1/tenant/domains",
            body={"domain": "not a domain"},
            authorizer=members[Role.ADMIN],
        ),
    )
    assert status == 400
    assert answer["error"]["details"]["field"] == "domain"
