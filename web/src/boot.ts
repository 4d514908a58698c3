// The page's first step, evaluated before any screen's module: a returning person's session is
// asked for (the refresh, through the HttpOnly cookie) while the rest of the app is still being
// evaluated, or the landing from the organisation's IdP is taken out of the address.
import { tenantAuth } from "./api/auth";
import { takeLanding } from "./api/sso";

/** Back from the IdP with a one-time code (or its refusal), or sent to post to an IdP. */
export const landing = takeLanding();

/** The refresh of a returning person's session: settles true when there is one. */
export const resuming: Promise<boolean> =
  landing === null ? tenantAuth.resume() : Promise.resolve(false);
resuming.catch(() => undefined); // handled in App; kept from being reported before it mounts
