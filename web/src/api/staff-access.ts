// What the platform's staff may reach of this tenant: the grants, what was done under each,
// and the tenant admin's approve, deny and revoke.
import { request } from "./client";
import type { AuditEvent, StaffAccess } from "./types";

const BASE = "/tenant/staff-access";

export async function listStaffAccess(): Promise<readonly StaffAccess[]> {
  return (await request<{ grants: readonly StaffAccess[] }>("GET", BASE)).grants;
}

export async function staffActivity(requestId: string): Promise<readonly AuditEvent[]> {
  const path = `${BASE}/${encodeURIComponent(requestId)}/activity`;
  return (await request<{ events: readonly AuditEvent[] }>("GET", path)).events;
}

export function approveStaffAccess(requestId: string): Promise<StaffAccess> {
  return request<StaffAccess>("POST", `${BASE}/${encodeURIComponent(requestId)}/approve`);
}

export function denyStaffAccess(requestId: string, reason: string): Promise<StaffAccess> {
  return request<StaffAccess>("POST", `${BASE}/${encodeURIComponent(requestId)}/deny`, {
    body: { reason },
  });
}

export function revokeStaffAccess(requestId: string): Promise<StaffAccess> {
  return request<StaffAccess>("POST", `${BASE}/${encodeURIComponent(requestId)}/revoke`);
}
