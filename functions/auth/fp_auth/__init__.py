"""The Auth function: sign-in, challenges, sessions, invitations and SAML single sign-on."""
