"""Sign-in rules that need no AWS: passwords, TOTP, tokens, network allowlists, SAML SSO."""
