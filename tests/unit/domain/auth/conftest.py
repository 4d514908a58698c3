"""Two tenants' service providers and real (pysaml2) identity providers that know them."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.domain.auth.saml import ServiceProvider, sp_metadata
from footprint.domain.auth.sso_settings import SsoConfiguration
from tests.support.saml_idp import (
    ENTRA,
    OKTA,
    PING,
    SamlIdp,
    Shape,
    make_key_and_certificate,
    sso_settings_for,
)
from tests.support.saml_sp import (
    BASE_URL,
    TENANT_A,
    TENANT_B,
    MemoryPendingSignIns,
    MemoryReplayStore,
)


@pytest.fixture(scope="session")
def sp_a() -> ServiceProvider:
    return ServiceProvider.for_tenant(TENANT_A, BASE_URL)


@pytest.fixture(scope="session")
def sp_b() -> ServiceProvider:
    return ServiceProvider.for_tenant(TENANT_B, BASE_URL)


@pytest.fixture(scope="session")
def idp_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Signing keys made once per run: tenant A's IdP, tenant B's IdP, and an impostor's."""
    root = tmp_path_factory.mktemp("idp-keys")
    return {
        name: make_key_and_certificate(root / name, f"{name}.idp.example")
        for name in ("a", "b", "impostor")
    }


def _idp(
    keys: tuple[Path, Path],
    directory: Path,
    sps: list[ServiceProvider],
    entity_id: str,
    shape: Shape = OKTA,
    lifetime_minutes: int = 5,
) -> SamlIdp:
    return SamlIdp(
        directory,
        entity_id=entity_id,
        sp_metadata=[sp_metadata(sp) for sp in sps],
        shape=shape,
        lifetime_minutes=lifetime_minutes,
        key_files=keys,
    )


IDP_A_ENTITY = "https://acme.okta.example/exk1a2b3c4"
IDP_B_ENTITY = "https://sts.windows.example/6f1c-globex/"


@pytest.fixture(scope="session")
def idp_a(
    idp_keys: dict[str, tuple[Path, Path]],
    tmp_path_factory: pytest.TempPathFactory,
    sp_a: ServiceProvider,
    sp_b: ServiceProvider,
) -> SamlIdp:
    """Tenant A's IdP. It also knows tenant B's SP, so it can mint a response for the wrong
    audience with a valid signature."""
    return _idp(idp_keys["a"], tmp_path_factory.mktemp("idp-a"), [sp_a, sp_b], IDP_A_ENTITY)


@pytest.fixture(scope="session")
def idp_b(
    idp_keys: dict[str, tuple[Path, Path]],
    tmp_path_factory: pytest.TempPathFactory,
    sp_a: ServiceProvider,
    sp_b: ServiceProvider,
) -> SamlIdp:
    """Tenant B's IdP, a legitimate IdP of another tenant, controlled by tenant B's admins."""
    return _idp(idp_keys["b"], tmp_path_factory.mktemp("idp-b"), [sp_a, sp_b], IDP_B_ENTITY, ENTRA)


@pytest.fixture(scope="session")
def impostor(
    idp_keys: dict[str, tuple[Path, Path]],
    tmp_path_factory: pytest.TempPathFactory,
    sp_a: ServiceProvider,
) -> SamlIdp:
    """Claims tenant A's IdP entity id but signs with a key tenant A never configured."""
    return _idp(idp_keys["impostor"], tmp_path_factory.mktemp("impostor"), [sp_a], IDP_A_ENTITY)


@pytest.fixture(scope="session")
def shaped_idps(
    idp_keys: dict[str, tuple[Path, Path]],
    tmp_path_factory: pytest.TempPathFactory,
    sp_a: ServiceProvider,
) -> dict[str, SamlIdp]:
    return {
        shape.vendor: _idp(
            idp_keys["a"], tmp_path_factory.mktemp(shape.vendor), [sp_a], IDP_A_ENTITY, shape
        )
        for shape in (OKTA, ENTRA, PING)
    }


@pytest.fixture(scope="session")
def settings_a(idp_a: SamlIdp) -> SsoConfiguration:
    return sso_settings_for(idp_a)


@pytest.fixture
def pending() -> MemoryPendingSignIns:
    return MemoryPendingSignIns()


@pytest.fixture
def replay() -> MemoryReplayStore:
    return MemoryReplayStore()
