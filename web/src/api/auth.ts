// Sign-in, the session and sign-out, as the browser does them: the refresh token goes into an
// HttpOnly cookie (`refresh_token_delivery: "cookie"`), the access token stays in memory.
import { request } from "./client";
import { ApiError } from "./errors";
import { type BrowserTokens, forgetTokens, holdTokens, refreshAccess } from "./tokens";
import type { Me } from "./types";

export type ChallengeName = "NEW_PASSWORD" | "MFA_SETUP" | "MFA";

export interface Challenge {
  readonly challenge: ChallengeName;
  readonly session: string;
  readonly otpauth_uri?: string | null;
}

export type ChallengeAnswer = { readonly new_password: string } | { readonly code: string };

export function login(email: string, password: string): Promise<Challenge> {
  return request<Challenge>("POST", "/auth/login", {
    body: { email, password },
    authenticated: false,
  });
}

/** An invitee's first password; answers the authenticator set-up (MFA_SETUP) that follows. */
export function redeemInvitation(invitation: string, newPassword: string): Promise<Challenge> {
  return request<Challenge>("POST", "/auth/invitation", {
    body: { invitation, new_password: newPassword },
    authenticated: false,
  });
}

/** The next challenge, or the tokens (held here; the recovery codes are handed back). */
export async function answer(
  session: string,
  reply: ChallengeAnswer,
): Promise<Challenge | { readonly recoveryCodes: readonly string[] }> {
  const next = await request<Challenge | BrowserTokens>("POST", "/auth/challenge", {
    body: { session, ...reply, refresh_token_delivery: "cookie" },
    authenticated: false,
  });
  if ("challenge" in next) return next;
  holdTokens(next);
  return { recoveryCodes: next.recovery_codes ?? [] };
}

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
      await signOut(false).catch(() => undefined);
    }
    throw error;
  }
}

/** Whether this browser already has a session (its refresh cookie gives an access token). */
export function resume(): Promise<boolean> {
  return refreshAccess();
}

export async function signOut(everywhere: boolean): Promise<void> {
  try {
    await request<void>("POST", "/auth/logout", { body: { everywhere }, authenticated: false });
  } finally {
    forgetTokens();
  }
}
