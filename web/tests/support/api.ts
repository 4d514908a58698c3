// The API over plain HTTP (JSON mode, as the CLI uses it), for what a test does outside the
// browser: another device's session, say.
import { baseUrl } from "./browser";

export async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl()}/v1${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Sign in elsewhere with a password and a code (or recovery code); answers the refresh token. */
export async function signInElsewhere(
  email: string,
  password: string,
  code: string,
): Promise<string> {
  const login = (await (await post("/auth/login", { email, password })).json()) as {
    session: string;
  };
  const answer = await post("/auth/challenge", { session: login.session, code });
  if (!answer.ok) throw new Error(`sign-in refused: ${await answer.text()}`);
  return ((await answer.json()) as { refresh_token: string }).refresh_token;
}
