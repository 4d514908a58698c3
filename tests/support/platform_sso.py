"""Single sign-on set up on a running local platform, over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support.platform_accounts import Tenant
from tests.support.saml_idp import SamlIdp, Shape


def configure_idp(
    client: httpx.Client, tenant: Tenant, directory: Path, shape: Shape, **settings: object
) -> tuple[SamlIdp, dict[str, str]]:
    """Register our SP at a new IdP (from our metadata), then the IdP at our API."""
    metadata = client.get(f"/v1/auth/saml/{tenant.tenant_id}/metadata")
    assert metadata.status_code == 200
    assert metadata.headers["Content-Type"].startswith("application/samlmetadata+xml")
    idp = SamlIdp(
        directory,
        entity_id=f"https://{tenant.tenant_id}.idp.example/saml",
        sp_metadata=[metadata.text],
        shape=shape,
    )
    body = {
        "idp_metadata_xml": idp.metadata_xml,
        "email_attribute": shape.email_attribute,
        "name_attribute": shape.name_attribute,
        "default_role": "viewer",
        "password_login": False,
        **settings,
    }
    answer = client.put("/v1/tenant/sso", json=body, headers=tenant.admin.headers)
    assert answer.status_code == 200, answer.text
    view: dict[str, str] = answer.json()["service_provider"]
    return idp, view
