"""The Auth group's routers: ``password`` (the Auth function) and ``saml`` (the SSO function)."""
