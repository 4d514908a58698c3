"""A tenant's SAML single sign-on settings as stored and as the API shows them.

What they mean (the IdP's entity id and certificates, checked) is
``footprint.domain.auth.sso_settings.SsoConfiguration``, built from these by the SAML
routes; this module only keeps them (``TENANT#<id>#TENANT`` / ``SSO``) and audits changes.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from footprint.adapters.repository import TenantRepository
from footprint.domain.tenancy import Role, TenantContext
from footprint.identity import audit, clock, tenants

ADDRESS = (("TENANT",), ("SSO",))


class SsoSettings(BaseModel):
    idp_metadata_xml: str = Field(min_length=1, max_length=262_144)
    email_attribute: str = Field(min_length=1, max_length=300)
    name_attribute: str = Field(min_length=1, max_length=300)
    default_role: Role
    password_login: bool


def load_sso_settings(context: TenantContext) -> SsoSettings | None:
    item = TenantRepository(context).get(*ADDRESS)
    return SsoSettings.model_validate(item) if item else None


def save_sso_settings(
    context: TenantContext, settings: SsoSettings, *, actor_user_id: str, source_ip: str
) -> None:
    repository = TenantRepository(context)
    repository.put(*ADDRESS, settings.model_dump(mode="json"))
    if not settings.password_login:
        # Password sign-in off: the password sessions open now end too (the guard and the
        # refresh compare their issue time with this), but the acting admin's, who may need
        # to put a mistake in the IdP settings right.
        repository.update(
            *tenants.PROFILE,
            set_values={
                "password_sessions_valid_after": int(clock.now()),
                "password_sessions_kept_for": actor_user_id,
            },
        )
    audit.record(
        context,
        action="sso.settings_changed",
        outcome="success",
        source_ip=source_ip,
        actor=actor_user_id,
        details={
            "default_role": settings.default_role.value,
            "local_sign_in": "enabled" if settings.password_login else "disabled",
        },
    )


def password_login_allowed(context: TenantContext) -> bool:
    """A tenant without SSO signs in with passwords; one with SSO decides by its setting."""
    settings = load_sso_settings(context)
    return settings is None or settings.password_login
