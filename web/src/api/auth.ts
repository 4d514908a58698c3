// Sign-in, the session and sign-out, as the browser does them: the refresh token goes into an
// HttpOnly cookie (`refresh_token_delivery: "cookie"`), the access token stays in memory. The
// same steps for both realms, each at its own routes with its own tokens: `tenantAuth` for
// the app, `staffAuth` for the staff console.
import { request } from "./client";
import { ApiError } from "./errors";
import { type BrowserTokens, type SessionTokens, staffTokens, tenantTokens } from "./tokens";
import type { Me } from "./types";

export type ChallengeName = "NEW_PASSWORD" | "MFA_SETUP" | "MFA";

export interface Challenge {
  readonly challenge: ChallengeName;
  readonly session: string;
  readonly otpauth_uri?: string | null;
}

export type ChallengeAnswer = { readonly new_password: string } | { readonly code: string };

export interface SignInApi {
  login(email: string, password: string): Promise<Challenge>;
  /** The next challenge, or the tokens (held here; the recovery codes are handed back). */
  answer(
    session: string,
    reply: ChallengeAnswer,
  ): Promise<Challenge | { readonly recoveryCodes: readonly string[] }>;
  /** Whether this browser already has a session (its refresh cookie gives an access token). */
  resume(): Promise<boolean>;
  signOut(everywhere: boolean): Promise<void>;
  readonly tokens: SessionTokens;
}

function signInApi(prefix: string, tokens: SessionTokens): SignInApi {
  return {
    tokens,
    login: (email, password) =>
      request<Challenge>("POST", `${prefix}/login`, {
        body: { email, password },
        authenticated: false,
      }),
    async answer(session, reply) {
      const next = await request<Challenge | BrowserTokens>("POST", `${prefix}/challenge`, {
        body: { session, ...reply, refresh_token_delivery: "cookie" },
        authenticated: false,
      });
      if ("challenge" in next) return next;
      tokens.hold(next);
      return { recoveryCodes: next.recovery_codes ?? [] };
    },
    resume: () => tokens.refreshAccess(),
    async signOut(everywhere) {
      try {
        await request<void>("POST", `${prefix}/logout`, {
          body: { everywhere },
          authenticated: false,
        });
      } finally {
        tokens.forget();
      }
    },
  };
}

/** A tenant invitee's first password; answers the authenticator set-up (MFA_SETUP) next. */
export function redeemInvitation(invitation: string, newPassword: string): Promise<Challenge> {
  return request<Challenge>("POST", "/auth/invitation", {
    body: { invitation, new_password: newPassword },
    authenticated: false,
  });
}

export const tenantAuth = signInApi("/auth", tenantTokens);
export const staffAuth = signInApi("/staff/auth", staffTokens);

/**
 * Who is signed in, checked against the API. A 403 here means the tenant's IP allowlist
 * refuses this address (every role may read /v1/me): the session is given up, since every
 * other call would be refused too.
 */
export async function currentUser(): Promise<Me> {
  try {
    return await request<Me>("GET", "/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      await tenantAuth.signOut(false).catch(() => undefined);
    }
    throw error;
  }
}
