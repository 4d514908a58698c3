"""Identity and access: tenants, users, sign-in, sessions, audit.

The service floor between the adapters and the entry points (the Auth, SSO, Users and
Authorizer functions and the ``footprint tenant`` command all call it): it combines
the pure rules of ``footprint.domain.auth`` with the tenant-scoped repository and KMS.
"""
