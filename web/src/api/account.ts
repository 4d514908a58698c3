// The signed-in person's own account: password, recovery codes, sessions (`/v1/me/...`).
// A wrong current password or code is a 403 naming the field, never a 401: the session is
// good, so the client neither refreshes nor signs the person out over a typo.
import { request } from "./client";
import type { AccountSession } from "./types";

export async function mySessions(): Promise<readonly AccountSession[]> {
  return (await request<{ sessions: readonly AccountSession[] }>("GET", "/me/sessions")).sessions;
}

export function endMySession(sessionId: string): Promise<void> {
  return request<void>("DELETE", `/me/sessions/${encodeURIComponent(sessionId)}`);
}

export function changePassword(change: {
  readonly current_password: string;
  readonly new_password: string;
  readonly code: string;
}): Promise<void> {
  return request<void>("POST", "/me/password", { body: change });
}

export async function newRecoveryCodes(code: string): Promise<readonly string[]> {
  const answer = await request<{ recovery_codes: readonly string[] }>(
    "POST",
    "/me/recovery-codes",
    {
      body: { code },
    },
  );
  return answer.recovery_codes;
}

/** The codes as a text file for the browser's downloads, one a line. */
export function recoveryCodesFile(codes: readonly string[]): Blob {
  return new Blob([`${codes.join("\n")}\n`], { type: "text/plain" });
}
