import { NetworkError } from "./errors";

// The access token lives in this module's memory only: a reload or a new tab gets one from
// the refresh cookie (HttpOnly, so no script here can read the refresh token itself).

export interface BrowserTokens {
  readonly access_token: string;
  readonly expires_in: number;
  readonly token_type: "Bearer";
  readonly recovery_codes?: readonly string[] | null;
}

let token: string | null = null;
let refreshing: Promise<boolean> | null = null;
const lostListeners = new Set<() => void>();

export function accessToken(): string | null {
  return token;
}

export function holdTokens(tokens: BrowserTokens): void {
  token = tokens.access_token;
}

export function forgetTokens(): void {
  token = null;
}

/** Called when the session cannot be refreshed any more (the app shows sign-in). */
export function onSessionLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

export function sessionLost(): void {
  forgetTokens();
  for (const listener of lostListeners) listener();
}

/**
 * A new access token from the refresh cookie; false when the session is over.
 *
 * One refresh at a time, in this tab (callers share the one in flight) and across tabs (a Web
 * Lock): every refresh rotates the cookie, and a second request carrying the cookie it
 * replaced would look like a stolen copy and revoke the session.
 */
export function refreshAccess(): Promise<boolean> {
  refreshing ??= withRefreshLock(postRefresh).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function withRefreshLock(work: () => Promise<boolean>): Promise<boolean> {
  // Web Locks are in every browser the app supports; without them, this tab alone is covered.
  const locks = (navigator as Partial<Navigator>).locks;
  return locks ? locks.request("footprint-refresh", work) : work();
}

async function postRefresh(): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch("/v1/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: "{}",
      credentials: "same-origin",
    });
  } catch {
    throw new NetworkError(); // no answer says nothing about the session: keep it
  }
  if (!response.ok) {
    forgetTokens();
    return false;
  }
  holdTokens((await response.json()) as BrowserTokens);
  return true;
}
