// SAML single sign-on, the browser's part. Started here (SP-initiated), the API says how to
// reach the organisation's IdP: go to a URL, or post a form to it, which this module builds
// and submits (no inline script: the page's CSP allows a form to any https address). Either
// way the IdP posts its answer to the API's ACS, which sends the browser back to the page the
// person wanted with `#sso_code=...` in the address; the code is exchanged once for tokens
// (the refresh token in the HttpOnly cookie, as after a password sign-in).
import { request } from "./client";
import { type BrowserTokens, tenantTokens } from "./tokens";

export interface SignInStart {
  readonly binding: "redirect" | "post";
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What the ACS (or the login URL of an IdP that takes posts only) left in the address. */
export type SsoLanding =
  | { readonly kind: "code"; readonly code: string }
  | { readonly kind: "start"; readonly organisation: string }
  | { readonly kind: "error"; readonly code: string };

/** The landing in `hash`, if any. */
export function landingOf(hash: string): SsoLanding | null {
  const values = new URLSearchParams(hash.replace(/^#/, ""));
  const code = values.get("sso_code");
  if (code) return { kind: "code", code };
  const organisation = values.get("sso_start");
  if (organisation) return { kind: "start", organisation };
  const error = values.get("sso_error");
  if (error) return { kind: "error", code: error };
  return null;
}

/** The landing in this page's address, taken out of it (and so out of the history). */
export function takeLanding(): SsoLanding | null {
  const landing = landingOf(window.location.hash);
  if (landing) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return landing;
}

/** The page to come back to: this one (the ACS accepts only a path on this site). */
export function returnPath(): string {
  return window.location.pathname + window.location.search;
}

export async function exchangeCode(code: string): Promise<void> {
  tenantTokens.hold(
    await request<BrowserTokens>("POST", "/auth/saml/exchange", {
      body: { code },
      authenticated: false,
    }),
  );
}

/** Leave for the organisation's IdP, to come back signed in to `relayState`. The
 * organisation is its ID, or a work e-mail in a domain it has verified. */
export async function signInWithSso(organisation: string, relayState: string): Promise<void> {
  const start = organisation.includes("@")
    ? await request<SignInStart>("POST", "/auth/saml/email-start", {
        body: { email: organisation, relay_state: relayState },
        authenticated: false,
      })
    : await request<SignInStart>("POST", `/auth/saml/${encodeURIComponent(organisation)}/start`, {
        body: { relay_state: relayState },
        authenticated: false,
      });
  goToIdp(start);
}

export function goToIdp(start: SignInStart, doc: Document = document): void {
  if (start.binding === "redirect") {
    doc.location.assign(start.url);
    return;
  }
  const form = doc.createElement("form");
  form.method = "post";
  form.action = start.url;
  form.hidden = true;
  for (const [name, value] of Object.entries(start.fields)) {
    const input = doc.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  doc.body.append(form);
  form.submit();
}
