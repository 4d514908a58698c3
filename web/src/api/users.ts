import { request } from "./client";
import type { Invitation, Role, User } from "./types";

export async function listUsers(): Promise<readonly User[]> {
  return (await request<{ users: readonly User[] }>("GET", "/users")).users;
}

export function inviteUser(email: string, name: string, role: Role): Promise<Invitation> {
  return request<Invitation>("POST", "/users", { body: { email, name, role } });
}

export function changeUser(
  userId: string,
  change: { readonly role?: Role; readonly disabled?: boolean },
): Promise<User> {
  return request<User>("PATCH", `/users/${encodeURIComponent(userId)}`, { body: change });
}

export function removeUser(userId: string): Promise<void> {
  return request<void>("DELETE", `/users/${encodeURIComponent(userId)}`);
}

/** Where the invitee redeems an invitation: the token rides in the fragment, which the
 * browser never sends to a server, so no access log or Referer carries it. */
export const INVITATION_PATH = "/invitation";

export function invitationLink(
  invitation: string,
  origin: string = window.location.origin,
): string {
  return `${origin}${INVITATION_PATH}#${invitation}`;
}

/** An admin's actions on another user's account; each ends every session of theirs. */
export type AccountAction = "mfa-reset" | "password-reset" | "end-sessions";

export function actOnAccount(userId: string, action: AccountAction): Promise<void> {
  const user = `/users/${encodeURIComponent(userId)}`;
  if (action === "end-sessions") return request<void>("DELETE", `${user}/sessions`);
  return request<void>("POST", `${user}/${action}`);
}
