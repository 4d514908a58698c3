import { NetworkError } from "./errors";

// The access token lives in memory only: a reload or a new tab gets one from the refresh
// cookie (HttpOnly, so no script here can read the refresh token itself). Each realm holds
// its own (`tenantTokens` for the app, `staffTokens` for the staff console), refreshed at its
// own route from its own cookie, so the two sessions never mix.

export interface BrowserTokens {
  readonly access_token: string;
  readonly expires_in: number;
  readonly token_type: "Bearer";
  readonly recovery_codes?: readonly string[] | null;
}

export class SessionTokens {
  private token: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly lostListeners = new Set<() => void>();

  /** `refreshUrl`: the realm's refresh route; `lockName`: its Web Lock, shared by tabs. */
  constructor(
    readonly refreshUrl: string,
    private readonly lockName: string,
  ) {}

  accessToken(): string | null {
    return this.token;
  }

  hold(tokens: BrowserTokens): void {
    this.token = tokens.access_token;
  }

  forget(): void {
    this.token = null;
  }

  /** Called when the session cannot be refreshed any more (the shell shows sign-in). */
  onSessionLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  sessionLost(): void {
    this.forget();
    for (const listener of this.lostListeners) listener();
  }

  /**
   * A new access token from the refresh cookie; false when the session is over.
   *
   * One refresh at a time, in this tab (callers share the one in flight) and across tabs (a
   * Web Lock): every refresh rotates the cookie, and a second request carrying the cookie it
   * replaced would look like a stolen copy and revoke the session.
   */
  refreshAccess(): Promise<boolean> {
    this.refreshing ??= this.withRefreshLock(() => this.postRefresh()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async withRefreshLock(work: () => Promise<boolean>): Promise<boolean> {
    // Web Locks are in every browser the app supports; without them, this tab alone is covered.
    const locks = (navigator as Partial<Navigator>).locks;
    return locks ? locks.request(this.lockName, work) : work();
  }

  private async postRefresh(): Promise<boolean> {
    let response: Response;
    try {
      response = await fetch(this.refreshUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: "{}",
        credentials: "same-origin",
      });
    } catch {
      throw new NetworkError(); // no answer says nothing about the session: keep it
    }
    if (!response.ok) {
      this.forget();
      return false;
    }
    this.hold((await response.json()) as BrowserTokens);
    return true;
  }
}

export const tenantTokens = new SessionTokens("/v1/auth/refresh", "footprint-refresh");
export const staffTokens = new SessionTokens("/v1/staff/auth/refresh", "footprint-staff-refresh");
