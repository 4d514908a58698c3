// The staff console's calls: who is signed in and the access requests, all in the staff
// realm's session (`staffTokens`), never the app's.
import { request, type RequestOptions } from "./client";
import { staffTokens } from "./tokens";
import type { AccessRequest, NewAccessRequest, StaffMe } from "./types";

function staffRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(method, `/staff${path}`, { ...options, tokens: staffTokens });
}

export function currentStaff(): Promise<StaffMe> {
  return staffRequest<StaffMe>("GET", "/me");
}

/** The member's own requests, newest first; leads and security get everyone's. */
export async function accessRequests(): Promise<readonly AccessRequest[]> {
  const answer = await staffRequest<{ requests: AccessRequest[] }>("GET", "/access-requests");
  return answer.requests;
}

export function requestAccess(body: NewAccessRequest): Promise<AccessRequest> {
  return staffRequest<AccessRequest>("POST", "/access-requests", { body });
}

const decision = (id: string, verb: string): string =>
  `/access-requests/${encodeURIComponent(id)}/${verb}`;

/** A lead's approval, with a fresh code from the lead's own authenticator. */
export function approveAccess(id: string, code: string): Promise<AccessRequest> {
  return staffRequest<AccessRequest>("POST", decision(id, "approve"), { body: { code } });
}

export function denyAccess(id: string, reason: string): Promise<AccessRequest> {
  return staffRequest<AccessRequest>("POST", decision(id, "deny"), { body: { reason } });
}

export function revokeAccess(id: string): Promise<AccessRequest> {
  return staffRequest<AccessRequest>("POST", decision(id, "revoke"));
}
