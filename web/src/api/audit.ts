import { request } from "./client";
import type { AuditPage } from "./types";

export interface AuditFilter {
  readonly actor?: string;
  /** An action, or a family of them by its prefix (`user.`). */
  readonly action?: string;
  /** Instants (ISO 8601), both included. */
  readonly from?: string;
  readonly to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

export function listAudit(filter: AuditFilter, cursor?: string): Promise<AuditPage> {
  return request<AuditPage>("GET", "/audit", {
    query: { ...filter, cursor, limit: AUDIT_PAGE_SIZE },
  });
}
