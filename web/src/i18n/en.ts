// The English catalogue: every word the app shows. `{name}` marks a value filled in at run time.
export const en = {
  "app.name": "Footprint",
  "app.loading": "Loading…",
  "app.skipToContent": "Skip to content",

  "nav.label": "Main",
  "nav.dashboard": "Dashboard",

  "language.label": "Language",
  "language.en": "English",
  "language.ja": "日本語",

  "account.menu": "Signed in as {email}",
  "account.signOut": "Sign out",
  "account.signOutEverywhere": "Sign out everywhere",
  "account.signOutEverywhereHint": "Ends your sessions on every device and browser.",

  "signIn.title": "Sign in",
  "signIn.email": "Work e-mail",
  "signIn.password": "Password",
  "signIn.submit": "Sign in",
  "signIn.working": "Signing in…",
  "signIn.startAgain": "Start again",
  "signIn.badCredentials": "The e-mail or password is not correct.",
  "signIn.locked":
    "Too many failed attempts for this address. Sign-in is paused for {minutes} min; try again after that.",
  "signIn.ipRefused":
    "Your organisation allows access only from its own networks, and this address is not one of them. Connect from an allowed network, or ask your administrator to add it.",
  "signIn.sessionEnded": "Your session has ended. Sign in again to carry on where you were.",
  "signIn.signedOut": "You are signed out.",
  "signIn.signedOutEverywhere": "You are signed out on every device.",

  "sso.choose": "Sign in with SSO",
  "sso.title": "Sign in with single sign-on",
  "sso.intro":
    "Your organisation's identity provider (such as Okta, Microsoft Entra ID or Ping) signs you in. You come back here, to the page you were on.",
  "sso.organisation": "Organisation ID",
  "sso.organisationHint":
    "Your administrator finds it in Footprint's single sign-on settings; it is also part of your organisation's sign-in link.",
  "sso.submit": "Continue to your identity provider",
  "sso.working": "Opening your identity provider…",
  "sso.usePassword": "Sign in with a password instead",
  "sso.unknownOrganisation":
    "No organisation with single sign-on has this ID. Check it with your administrator.",
  "sso.refused":
    "The sign-in from your identity provider was not accepted, or its link has expired. Sign in again with SSO.",
  "sso.accountRefused":
    "Your identity provider signed you in, but this account cannot use this organisation in Footprint. Ask your administrator.",
  "sso.notSetUp": "Single sign-on is not set up for this organisation. Ask your administrator.",

  "newPassword.title": "Choose a new password",
  "newPassword.intro":
    "Your password was set by someone else. Choose your own: 12 characters or more; a few unrelated words make a good one.",
  "newPassword.label": "New password",
  "newPassword.submit": "Set password",

  "mfaSetup.title": "Set up your authenticator",
  "mfaSetup.intro":
    "Scan this code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password), then enter the six-digit code it shows.",
  "mfaSetup.qr": "QR code to scan into your authenticator app",
  "mfaSetup.secret": "Or type this key into the app:",

  "mfa.title": "Enter your code",
  "mfa.intro":
    "Enter the six-digit code from your authenticator app, or one of your recovery codes.",
  "mfa.code": "Code",
  "mfa.submit": "Verify",
  "mfa.refused":
    "That code was not accepted. Enter the current code (each code works once). If this sign-in began more than five minutes ago, start again.",

  "recovery.title": "Save your recovery codes",
  "recovery.intro":
    "Each of these codes signs you in once if you lose your authenticator. They are shown only now: store them somewhere safe, such as a password manager.",
  "recovery.list": "Recovery codes",
  "recovery.done": "I have saved them; continue",

  "dashboard.title": "Inventory",
  "dashboard.intro":
    "Greenhouse-gas emissions for the reporting year, in tonnes of CO2 equivalent.",
  "dashboard.year": "Reporting year",
  "dashboard.gwp": "GWP values",
  "dashboard.gwpOption": "IPCC {set}",
  "dashboard.range": "{from} to {to}",
  "dashboard.scope1": "Scope 1",
  "dashboard.scope1Hint": "Direct emissions",
  "dashboard.scope2Location": "Scope 2, location-based",
  "dashboard.scope2Market": "Scope 2, market-based",
  "dashboard.scope2Hint": "Purchased energy",
  "dashboard.scope3": "Scope 3",
  "dashboard.scope3Hint": "Value chain",
  "dashboard.totalLocation": "Total, location-based",
  "dashboard.totalMarket": "Total, market-based",
  "dashboard.biogenic": "Biogenic CO2",
  "dashboard.biogenicHint": "Reported apart from the scopes, as the GHG Protocol asks.",
  "dashboard.unit": "t CO2e",
  "dashboard.unitBiogenic": "t CO2",
  "dashboard.rows": "From {rows} activity rows.",
  "dashboard.empty": "No calculated activity for {year} yet. Upload activity data to see it here.",

  "error.network": "The service could not be reached. Check your connection, then try again.",
  "error.server":
    "The service failed to answer. Try again in a moment; if it keeps failing, quote reference {reference} to support.",
  "error.forbidden": "Your role does not allow this. Ask an administrator if you need it.",
  "error.notFound": "This was not found. It may have been removed.",
  "error.throttled": "Too many requests. Wait a moment, then try again.",
  "error.invalid": "Check the highlighted fields: {message}",
  "error.generic": "The request was refused: {message}",
  "error.retry": "Try again",

  "notFound.title": "Page not found",
  "notFound.body": "There is no page at this address.",
  "notFound.home": "Go to the dashboard",

  // ---- The staff console (/staff)
  "staff.name": "Footprint staff console",
  "staff.nav.requests": "Access requests",
  "staff.nav.approvals": "Approvals",
  "staff.nav.grants": "Every grant",
  "staff.signIn.title": "Staff sign-in",
  "staff.notForRole": "Your staff role does not open this page.",
  "staff.notFound.home": "Go to your access requests",
  "staff.role.engineer": "engineer",
  "staff.role.lead": "lead",
  "staff.role.security": "security",
  "staff.requester": "{name} ({role})",
  "staff.scope.read": "Read",
  "staff.scope.write": "Write",
  "staff.state.pending": "Pending",
  "staff.state.approved": "Approved",
  "staff.state.expired": "Ended",
  "staff.state.revoked": "Revoked",
  "staff.state.denied": "Denied",
  "staff.state.expired-pending": "Not decided in time",
  "staff.stateDetail.approved": "Approved by {name}; ends {time}",
  "staff.stateDetail.revoked": "Revoked by {name}",
  "staff.stateDetail.denied": "Denied by {name}: {reason}",
  "staff.stateDetail.customer": "The tenant's admin approves too.",
  "staff.minutes": "{minutes} min",
  "staff.table.requested": "Requested",
  "staff.table.requester": "Requested by",
  "staff.table.tenant": "Tenant",
  "staff.table.scope": "Scope",
  "staff.table.reason": "Reason and ticket",
  "staff.table.duration": "Duration",
  "staff.table.state": "State",
  "staff.table.actions": "Actions",
  "staff.revoke": "Revoke",
  "staff.changedMeanwhile":
    "This request changed meanwhile: the list now shows it as it is. Check it, then act again if you still need to.",
  "staff.requests.title": "Access requests",
  "staff.requests.intro":
    "Staff have no standing access to any tenant. Ask for access to one tenant, with a reason and a ticket; a lead other than you approves it, and it ends by itself.",
  "staff.requests.formTitle": "Ask for access",
  "staff.requests.tenant": "Tenant id",
  "staff.requests.tenantHint": "As the ticket names it.",
  "staff.requests.scope": "Scope",
  "staff.requests.scopeRead": "Read (as a viewer)",
  "staff.requests.scopeWrite": "Write (as an editor)",
  "staff.requests.reason": "Reason",
  "staff.requests.ticket": "Ticket",
  "staff.requests.duration": "Duration in minutes",
  "staff.requests.durationHint": "From 1 to {max} minutes; the access ends by itself.",
  "staff.requests.submit": "Ask for access",
  "staff.requests.sending": "Sending…",
  "staff.requests.sent": "Your request for {tenant} is waiting for a lead's approval.",
  "staff.requests.mine": "Your requests",
  "staff.requests.none": "You have not asked for access yet.",
  "staff.requests.required": "Fill this in.",
  "staff.requests.durationRange": "Enter a whole number of minutes from 1 to {max}.",
  "staff.requests.noSuchTenant": "No active tenant has this id. Check it against the ticket.",
  "staff.requests.fieldRefused": "The service refused this value: {message}",
  "staff.approvals.title": "Approvals",
  "staff.approvals.intro":
    "Requests waiting for a lead. Approve with a fresh code from your authenticator app: your session alone cannot approve. Nobody approves their own request.",
  "staff.approvals.caption": "Waiting for a lead",
  "staff.approvals.none": "No request is waiting for a lead.",
  "staff.approvals.code": "Your code",
  "staff.approvals.approve": "Approve",
  "staff.approvals.denyReason": "Reason to deny",
  "staff.approvals.deny": "Deny",
  "staff.approvals.own": "Your own request: another lead approves it (two-person rule).",
  "staff.approvals.twoPerson":
    "Refused by the two-person rule: a request is approved by another lead, never by the person who asked for it.",
  "staff.approvals.codeRefused":
    "That code was not accepted. Enter the current code from your authenticator app (each code works once).",
  "staff.approvals.approved": "You approved {name}'s request for {tenant}: {state}.",
  "staff.approvals.denied": "You denied {name}'s request for {tenant}.",
  "staff.grants.title": "Every grant",
  "staff.grants.intro":
    "Every request and grant of every member of staff, newest first. Revoking ends a grant at once.",
  "staff.grants.caption": "Requests and grants",
  "staff.grants.none": "Nobody has asked for access yet.",
} as const;

export type MessageKey = keyof typeof en;
