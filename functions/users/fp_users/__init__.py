"""The Users function: the caller, the tenant's users, tenant settings and the audit log."""
