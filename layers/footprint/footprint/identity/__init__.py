"""Identity and access: tenants, users, the platform's staff, sign-in, sessions, staff access
grants, audit.

The service floor between the adapters and the entry points (the Auth, SSO, Users, Staff and
Authorizer functions and the ``footprint tenant`` and ``footprint staff`` commands all call
it): it combines the pure rules of ``footprint.domain.auth`` and
``footprint.domain.staff_access`` with the tenant-scoped repository and KMS.
"""
