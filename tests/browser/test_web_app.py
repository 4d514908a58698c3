"""The web application in headless Chromium (web/tests/browser, driven by playwright-core),
against a local platform this test starts: the way `make local` serves the app and the API.

The platform's access tokens live ten seconds, so the browser tests see the app outlive one.
A new tenant, made here with the operator command, gives them an admin to sign in from
scratch; the demo tenant gives them a year of data; a third tenant, onboarded over the API
with a viewer invited, gives the uploads tests an empty list, an uploader and a viewer.
Members of staff made here the same way (an engineer, a lead, security) sign in to the staff
console from scratch. Two more tenants sign in by SAML at the tests' IdP, served here over
HTTPS: one IdP takes requests by HTTP-Redirect, the other only by HTTP-POST. Another new
tenant is administered: two members of staff hold an approved grant to it, used once, and an
identity provider's metadata waits in a file for its SSO settings. A last one holds an open
access review of its admin, an editor and a staff grant made to it, and a security reviewer
signs in to the platform's review of that grant and its holder. The privacy, the tokens and
the uncertainty tests each have a tenant of their own, its admin signed in once over the API
(the uncertainty statement's figures would otherwise move the demo tenant's); another tenant
holds a verified domain the tokens test's admin cannot invite into. In one more, an editor
uses My account and their admin resets their MFA.
``FOOTPRINT_BROWSER_TESTS`` (file name filters) runs some of the tests only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

from local.platform import DNS_FILE_NAME
from local.running import RunningPlatform, start_platform
from local.template import ROOT
from tests.support.platform_accounts import (
    PASSWORD,
    STAFF_AUTH,
    Member,
    create_staff,
    create_tenant,
    join,
    onboard,
    open_access_reviews,
    signed_in_again,
    staff_member,
)
from tests.support.saml_idp import OKTA, SamlIdp
from tests.support.saml_idp_server import IdpServer, ServedIdp

WEB = ROOT / "web"
ACCESS_TOKEN_SECONDS = 10
STAFF_ROLES = ("engineer", "lead", "security")
NARROW = "FOOTPRINT_BROWSER_TESTS"


@pytest.fixture(scope="module")
def platform() -> Iterator[RunningPlatform]:
    running = start_platform("--env", f"FOOTPRINT_ACCESS_TOKEN_SECONDS={ACCESS_TOKEN_SECONDS}")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def idp_server(
    platform: RunningPlatform, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """Two tenants with SSO at the tests' IdP; the environment the browser tests read."""
    server = IdpServer(tmp_path_factory.mktemp("idp"))
    environment = {"FOOTPRINT_IDP_URL": server.url}
    with platform.client() as client:
        for name, binding in (("redirect", BINDING_HTTP_REDIRECT), ("post", BINDING_HTTP_POST)):
            tenant = onboard(platform, client, f"SSO {name}", f"admin@sso-{name}.example")
            metadata = client.get(f"/v1/auth/saml/{tenant.tenant_id}/metadata").text
            idp = SamlIdp(
                Path(tmp_path_factory.mktemp(f"idp-{name}")),
                entity_id=f"https://idp-{name}.test.example/saml",
                sp_metadata=[metadata],
                sso_binding=binding,
                sso_url=server.sso_url(name),
            )
            settings = {
                "idp_metadata_xml": idp.metadata_xml,
                "email_attribute": idp.shape.email_attribute,
                "name_attribute": idp.shape.name_attribute,
                "default_role": "viewer",
                "password_login": True,
            }
            answer = client.put("/v1/tenant/sso", json=settings, headers=tenant.admin.headers)
            assert answer.status_code == 200, answer.text
            sp = answer.json()["service_provider"]
            email = f"person@sso-{name}.example"
            server.add(name, ServedIdp(idp, binding, sp["acs_url"], sp["entity_id"], email))
            key = name.upper()
            environment[f"FOOTPRINT_SSO_{key}_TENANT"] = tenant.tenant_id
            environment[f"FOOTPRINT_SSO_{key}_EMAIL"] = email
    yield environment
    server.stop()


STAFF_NAME = "Grace Hopper"
APPROVER_NAME = "Ada Lovelace"
REVIEWED_STAFF_NAME = "Lin Reviewed"
REVIEWED_GRANT_TICKET = "SUP-REVIEW-7"


def administered_tenant(platform: RunningPlatform, directory: Path) -> dict[str, str]:
    """A tenant for the administration tests: its admin's first password, a grant of staff
    access to it (approved by a lead, used once), and an IdP's metadata for its SSO."""
    email = "admin@admin-test.example"
    created = create_tenant(platform, "Admin Test", email)
    tenant_id = created["tenant_id"]
    with platform.client() as client:
        engineer = staff_member(platform, client, STAFF_NAME, "grace@ops.example", "engineer")
        lead = staff_member(platform, client, APPROVER_NAME, "ada@ops.example", "lead")
        # Access tokens live seconds here: each member signs in again just before each use.
        asked = client.post(
            "/v1/staff/access-requests",
            headers=signed_in_again(client, engineer, STAFF_AUTH).headers,
            json={
                "tenant_id": tenant_id,
                "scope": "read",
                "reason": "Customer asked why Scope 2 moved",
                "ticket": "SUP-2026-42",
                "duration_minutes": 60,
            },
        )
        assert asked.status_code == 201, asked.text
        grant = asked.json()["request_id"]
        approved = client.post(
            f"/v1/staff/access-requests/{grant}/approve",
            headers=signed_in_again(client, lead, STAFF_AUTH).headers,
            json={"code": lead.code()},
        )
        assert approved.status_code == 200, approved.text
        used = client.get(
            "/v1/emissions/summary?from=2025-01&to=2025-12",
            headers={
                **signed_in_again(client, engineer, STAFF_AUTH).headers,
                "X-Footprint-Grant": grant,
            },
        )
        assert used.status_code == 200, used.text
        sp_metadata = client.get(f"/v1/auth/saml/{tenant_id}/metadata").text
    idp = SamlIdp(
        directory,
        entity_id=f"https://{tenant_id}.idp.example/saml",
        sp_metadata=[sp_metadata],
        shape=OKTA,
    )
    metadata_file = directory / "idp-metadata.xml"
    metadata_file.write_text(idp.metadata_xml, encoding="utf-8")
    return {
        "FOOTPRINT_ADMIN_TENANT_ID": tenant_id,
        "FOOTPRINT_ADMIN_EMAIL": email,
        "FOOTPRINT_ADMIN_PASSWORD": created["temporary_password"],
        "FOOTPRINT_STAFF_NAME": STAFF_NAME,
        "FOOTPRINT_STAFF_APPROVER": APPROVER_NAME,
        "FOOTPRINT_IDP_METADATA_FILE": str(metadata_file),
        "FOOTPRINT_IDP_EMAIL_ATTRIBUTE": OKTA.email_attribute,
        "FOOTPRINT_IDP_NAME_ATTRIBUTE": OKTA.name_attribute,
    }


def reviewed_tenant(platform: RunningPlatform) -> dict[str, str]:
    """A tenant whose admin (signed in, TOTP set up) and editor are in an open access review,
    with a staff grant to it (approved, used once) to co-sign; and a security reviewer of the
    platform's review, which holds that grant and its holder. Opened last, so every tenant
    and member of staff made before has its review too."""
    email = "admin@review-test.example"
    with platform.client() as client:
        tenant = onboard(platform, client, "Review Test", email)
        join(client, tenant.admin, "editor@review-test.example", "editor")
        security = staff_member(
            platform, client, "Review Security", "security@ops-review.example", "security"
        )
        holder = staff_member(
            platform, client, REVIEWED_STAFF_NAME, "lin@ops-review.example", "engineer"
        )
        lead = staff_member(platform, client, "Review Lead", "lead@ops-review.example", "lead")
        # Access tokens live seconds here: each member signs in again just before each use.
        asked = client.post(
            "/v1/staff/access-requests",
            headers=signed_in_again(client, holder, STAFF_AUTH).headers,
            json={
                "tenant_id": tenant.tenant_id,
                "scope": "read",
                "reason": "Check the quarter's totals",
                "ticket": REVIEWED_GRANT_TICKET,
                "duration_minutes": 30,
            },
        )
        assert asked.status_code == 201, asked.text
        grant = asked.json()["request_id"]
        approved = client.post(
            f"/v1/staff/access-requests/{grant}/approve",
            headers=signed_in_again(client, lead, STAFF_AUTH).headers,
            json={"code": lead.code()},
        )
        assert approved.status_code == 200, approved.text
        used = client.get(
            "/v1/emissions/summary?from=2025-01&to=2025-12",
            headers={
                **signed_in_again(client, holder, STAFF_AUTH).headers,
                "X-Footprint-Grant": grant,
            },
        )
        assert used.status_code == 200, used.text
    open_access_reviews(platform)
    return {
        "FOOTPRINT_REVIEW_ADMIN_EMAIL": email,
        "FOOTPRINT_REVIEW_ADMIN_PASSWORD": PASSWORD,
        "FOOTPRINT_REVIEW_ADMIN_TOTP_SECRET": tenant.admin.secret,
        # The last TOTP step used: a code is good once, so the browser's is a later one.
        "FOOTPRINT_REVIEW_ADMIN_TOTP_STEP": str(tenant.admin.last_step[0]),
        "FOOTPRINT_REVIEW_GRANT_TICKET": REVIEWED_GRANT_TICKET,
        "FOOTPRINT_REVIEW_STAFF_NAME": REVIEWED_STAFF_NAME,
        "FOOTPRINT_REVIEW_SECURITY_EMAIL": security.email,
        "FOOTPRINT_REVIEW_SECURITY_PASSWORD": PASSWORD,
        "FOOTPRINT_REVIEW_SECURITY_TOTP_SECRET": security.secret,
        "FOOTPRINT_REVIEW_SECURITY_TOTP_STEP": str(security.last_step[0]),
    }


def _signed_in(prefix: str, member: Member) -> dict[str, str]:
    """A member set up over the API, for a browser test to sign in as: the e-mail, the TOTP
    secret and the last step used (a code is good once, so the browser's is a later one).
    Their password is ``FOOTPRINT_MEMBER_PASSWORD``."""
    return {
        f"{prefix}_EMAIL": member.email,
        f"{prefix}_TOTP_SECRET": member.secret,
        f"{prefix}_TOTP_STEP": str(member.last_step[0]),
    }


def privacy_tenant(platform: RunningPlatform) -> dict[str, str]:
    """A tenant whose admin (signed in, TOTP set up) has a disabled user to export and erase."""
    email = "admin@privacy-test.example"
    leaver = "leaver@privacy-test.example"
    with platform.client() as client:
        tenant = onboard(platform, client, "Privacy Test", email)
        member = join(client, tenant.admin, leaver, "viewer")
        disabled = client.patch(
            f"/v1/users/{member.user_id}", json={"disabled": True}, headers=tenant.admin.headers
        )
        assert disabled.status_code == 200, disabled.text
    return {
        **_signed_in("FOOTPRINT_PRIVACY_ADMIN", tenant.admin),
        "FOOTPRINT_PRIVACY_LEAVER_EMAIL": leaver,
    }


HELD_DOMAIN = "held-test.example"


def tokens_tenant(platform: RunningPlatform) -> dict[str, str]:
    """A tenant whose admin (signed in, TOTP set up) makes, uses and revokes an integration
    token in the browser, and is refused an invitation into ``HELD_DOMAIN``, which another
    tenant made here has verified."""
    email = "admin@tokens-test.example"
    with platform.client() as client:
        tenant = onboard(platform, client, "Tokens Test", email)
        holder = onboard(platform, client, "Domain Holder", f"admin@{HELD_DOMAIN}").admin
        claimed = client.post(
            "/v1/tenant/domains", json={"domain": HELD_DOMAIN}, headers=holder.headers
        )
        assert claimed.status_code == 201, claimed.text
        platform.publish_txt(claimed.json()["record_name"], claimed.json()["record_value"])
        verified = client.post(f"/v1/tenant/domains/{HELD_DOMAIN}/verify", headers=holder.headers)
        assert verified.status_code == 200, verified.text
    return {
        **_signed_in("FOOTPRINT_TOKENS_ADMIN", tenant.admin),
        "FOOTPRINT_HELD_DOMAIN": HELD_DOMAIN,
    }


def uncertainty_tenant(platform: RunningPlatform) -> dict[str, str]:
    """A tenant whose admin (signed in, TOTP set up) states its uncertainty figures."""
    with platform.client() as client:
        tenant = onboard(platform, client, "Uncertainty Test", "admin@uncertainty-test.example")
    return _signed_in("FOOTPRINT_UNCERTAINTY_ADMIN", tenant.admin)


def account_tenant(platform: RunningPlatform) -> dict[str, str]:
    """A tenant whose editor changes their password and ends a session in My account, and
    whose admin then resets that editor's MFA (both signed in before, TOTP set up)."""
    with platform.client() as client:
        tenant = onboard(platform, client, "Account Test", "admin@account-test.example")
        member = join(client, tenant.admin, "editor@account-test.example", "editor")
    return {
        **_signed_in("FOOTPRINT_ACCOUNT_ADMIN", tenant.admin),
        **_signed_in("FOOTPRINT_ACCOUNT_MEMBER", member),
    }


def test_the_web_application_in_a_browser(
    platform: RunningPlatform, idp_server: dict[str, str], tmp_path: Path
) -> None:
    npm = shutil.which("npm")
    assert npm, "Node.js 20 or later is required for the web application (npm on PATH)"
    assert (WEB / "dist" / "index.html").is_file(), "build the app first: make web-build"
    email = "admin@browser-test.example"
    created = create_tenant(platform, "Browser Test", email)
    staff = {
        f"FOOTPRINT_STAFF_{role.upper()}_{what}": value
        for role in STAFF_ROLES
        for what, value in zip(
            ("EMAIL", "PASSWORD"),
            _staff(platform, role),
            strict=True,
        )
    }
    with platform.client() as client:
        uploads = onboard(platform, client, "Uploads Test", "admin@uploads-test.example")
        viewer = join(client, uploads.admin, "viewer@uploads-test.example", "viewer")
    environment = {
        **os.environ,
        "FOOTPRINT_WEB_URL": platform.api_url,
        "FOOTPRINT_NEW_ADMIN_EMAIL": email,
        "FOOTPRINT_NEW_ADMIN_PASSWORD": created["temporary_password"],
        "FOOTPRINT_ACCESS_TOKEN_SECONDS": str(ACCESS_TOKEN_SECONDS),
        "FOOTPRINT_NEW_TENANT_ID": created["tenant_id"],
        **staff,
        **idp_server,
        "FOOTPRINT_MEMBER_PASSWORD": PASSWORD,
        "FOOTPRINT_UPLOADER_EMAIL": uploads.admin.email,
        "FOOTPRINT_UPLOADER_TOTP_SECRET": uploads.admin.secret,
        "FOOTPRINT_VIEWER_EMAIL": viewer.email,
        "FOOTPRINT_VIEWER_TOTP_SECRET": viewer.secret,
        **administered_tenant(platform, tmp_path),
        "FOOTPRINT_DNS_FILE": str(platform.state_file.parent / DNS_FILE_NAME),
        **reviewed_tenant(platform),
        **privacy_tenant(platform),
        **tokens_tenant(platform),
        **uncertainty_tenant(platform),
        **account_tenant(platform),
    }
    only = os.environ.get(NARROW, "").split()
    done = subprocess.run(
        [npm, "run", "--silent", "test:browser", *(["--", *only] if only else [])],
        cwd=WEB,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]


def _staff(platform: RunningPlatform, role: str) -> tuple[str, str]:
    """A member of staff of ``role``, as an operator creates one: e-mail, temporary password."""
    email = f"{role}@staff.browser-test.example"
    created = create_staff(platform, f"Browser {role.title()}", email, role)
    return email, created["temporary_password"]
