// Who is signed in, for the screens: what a role may do decides which actions they show (the
// API refuses the rest anyway). Null while /v1/me has not answered: no action shows yet.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me, Role } from "./api/types";

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me | null {
  return useContext(MeContext);
}

/** The shell's sign-out (`everywhere`: every session of the person), for a screen that
 * offers it too (My account): the shell then shows sign-in with its words for it. */
export const SignOutContext = createContext<(everywhere: boolean) => void>(() => undefined);

// The roles of the API's WRITERS (layers/footprint/footprint/api/access.py): they upload and
// recalculate.
const WRITERS: ReadonlySet<Role> = new Set(["admin", "editor"]);

export function mayWrite(me: Me | null): boolean {
  return me !== null && WRITERS.has(me.role);
}
