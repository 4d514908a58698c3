"""The Auth function group: password sign-in, challenges, invitations and sessions (``app``),
and SAML single sign-on with the tenant's SSO settings (``sso_app``)."""
