// The tenant's own settings: the IP allowlist with the staff-approval switch, and single sign-on.
import { request } from "./client";
import type { SsoSettings, SsoView, TenantSettings } from "./types";

export function getSettings(): Promise<TenantSettings> {
  return request<TenantSettings>("GET", "/tenant/settings");
}

/** Replaces every setting: read them first and change only what the screen shows. */
export function saveSettings(settings: TenantSettings): Promise<TenantSettings> {
  return request<TenantSettings>("PUT", "/tenant/settings", { body: settings });
}

export function getSso(): Promise<SsoView> {
  return request<SsoView>("GET", "/tenant/sso");
}

export function saveSso(settings: SsoSettings): Promise<SsoView> {
  return request<SsoView>("PUT", "/tenant/sso", { body: settings });
}
