// Every call to the API goes through `request`: the same origin's /v1, the access token from
// memory, one refresh and one retry on a 401, and the API's error shape turned into ApiError.
import { errorOf, NetworkError } from "./errors";
import { type SessionTokens, tenantTokens } from "./tokens";

export const API_BASE = "/v1";

export type Query = Readonly<Record<string, string | number | undefined>>;

export interface RequestOptions {
  readonly body?: unknown;
  readonly query?: Query;
  /** false for the sign-in routes, which take no bearer token. */
  readonly authenticated?: boolean;
  /** The realm's session the call is made in: the app's unless the staff console says so. */
  readonly tokens?: SessionTokens;
  /** The route's own headers (an Idempotency-Key, say). */
  readonly headers?: Readonly<Record<string, string>>;
}

export function url(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const text = search.toString();
  return `${API_BASE}${path}${text ? `?${text}` : ""}`;
}

function sessionOf(options: RequestOptions): SessionTokens {
  return options.tokens ?? tenantTokens;
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, Accept: "application/json" };
  const token = options.authenticated === false ? null : sessionOf(options).accessToken();
  if (token) headers["Authorization"] = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(url(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    throw new NetworkError();
  }
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const response = await respond(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A successful answer as it came (a file to download, say); failures as `request`'s. */
export async function respond(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  let response = await send(method, path, options);
  if (response.status === 401 && options.authenticated !== false) {
    // The access token expired or was revoked: refresh once, then give up the session.
    const session = sessionOf(options);
    if (await session.refreshAccess()) {
      response = await send(method, path, options);
    }
    if (response.status === 401) {
      session.sessionLost();
    }
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** A file the API answers (a CSV export), with the name its Content-Disposition gives. */
export async function download(
  path: string,
  query: Query,
  fallbackName: string,
): Promise<{ blob: Blob; filename: string }> {
  const response = await respond("GET", path, { query });
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename="([^"]+)"/.exec(disposition)?.[1];
  return { blob: await response.blob(), filename: named ?? fallbackName };
}
