// The person's data held by the platform: its export (right of access) and erasure.
import { request } from "./client";

/** Everything held about one person, as the API answers it (saved as it came). */
export type PersonalData = Readonly<Record<string, unknown>>;

/** The data of one of the tenant's users (admins), or the caller's own (no userId). */
export function personalData(userId?: string): Promise<PersonalData> {
  const path =
    userId === undefined
      ? "/me/personal-data"
      : `/users/${encodeURIComponent(userId)}/personal-data`;
  return request<PersonalData>("GET", path);
}

export function eraseUser(userId: string): Promise<void> {
  return request<void>("POST", `/users/${encodeURIComponent(userId)}/erase`);
}

/** The export as a JSON file for the browser's downloads. */
export function personalDataFile(data: PersonalData): Blob {
  return new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
}
