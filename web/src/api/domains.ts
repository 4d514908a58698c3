// The tenant's verified domains: claim (answers the TXT record to publish), verify, remove.
import { request } from "./client";
import type { Domain } from "./types";

export async function listDomains(): Promise<readonly Domain[]> {
  return (await request<{ domains: readonly Domain[] }>("GET", "/tenant/domains")).domains;
}

export function claimDomain(domain: string): Promise<Domain> {
  return request<Domain>("POST", "/tenant/domains", { body: { domain } });
}

export function verifyDomain(domain: string): Promise<Domain> {
  return request<Domain>("POST", `/tenant/domains/${encodeURIComponent(domain)}/verify`);
}

export function removeDomain(domain: string): Promise<void> {
  return request<void>("DELETE", `/tenant/domains/${encodeURIComponent(domain)}`);
}
