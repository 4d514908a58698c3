// One screen's load: fetch on mount and whenever the inputs change, drop an answer that
// arrives after the inputs moved on (or the screen left), and retry on request.
import { useEffect, useRef, useState } from "preact/hooks";

/** What a screen holds of one load: the value once it came, or the failure, and a retry. */
export interface Load<T> {
  /** The loaded value; null until it arrives (and again while a changed input reloads). */
  readonly value: T | null;
  /** The last failure, or null. */
  readonly error: unknown;
  /** Replaces the value in place, e.g. after the screen changed one item itself. */
  readonly setValue: (value: T | ((current: T | null) => T)) => void;
  /** Loads again, the value kept meanwhile (a retry button, or after a change the screen
   * cannot patch in place). */
  readonly reload: () => void;
}

/**
 * Runs `load` when the screen mounts and whenever one of `inputs` changes. An answer that
 * comes back after a newer load started, or after the screen unmounted, is dropped, so a
 * slow first answer never overwrites a later one. `onLoaded` sees each answer that is kept,
 * for state the screen derives from it once (a form filled from the stored settings).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  inputs: readonly unknown[] = [],
  onLoaded?: (value: T) => void,
): Load<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const loadedAttempt = useRef(attempt);

  useEffect(() => {
    let current = true;
    // The same attempt again means the inputs changed: the old value answers something else.
    if (loadedAttempt.current === attempt) setValue(null);
    loadedAttempt.current = attempt;
    setError(null);
    load().then(
      (loaded) => {
        if (!current) return;
        onLoaded?.(loaded);
        setValue(loaded);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure on every render; the inputs say when it means something new.
  }, [attempt, ...inputs]);

  return { value, error, setValue, reload: () => setAttempt((count) => count + 1) };
}
