// The tenant's integration tokens: list (never their values), make one (its value answered
// this once), revoke. Not to be confused with tokens.ts, the signed-in realm's own tokens.
import { API_BASE, request } from "./client";
import type { IntegrationToken, NewIntegrationToken, NewIntegrationTokenRequest } from "./types";

export async function listIntegrationTokens(): Promise<readonly IntegrationToken[]> {
  return (await request<{ tokens: readonly IntegrationToken[] }>("GET", "/tenant/tokens")).tokens;
}

export function createIntegrationToken(
  body: NewIntegrationTokenRequest,
): Promise<NewIntegrationToken> {
  return request<NewIntegrationToken>("POST", "/tenant/tokens", { body });
}

export function revokeIntegrationToken(tokenId: string): Promise<IntegrationToken> {
  return request<IntegrationToken>("POST", `/tenant/tokens/${encodeURIComponent(tokenId)}/revoke`);
}

/** How a client sends a token, as a command to try: the token is read from the environment,
 * so that it stays out of the shell's history, and the route is one every role may read. */
export function bearerExample(origin: string): string {
  return [
    'curl -sS -H "Authorization: Bearer $FOOTPRINT_TOKEN" \\',
    `  "${origin}${API_BASE}/emissions/summary?from=2025-01&to=2025-12"`,
  ].join("\n");
}
