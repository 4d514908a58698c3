// UI preferences, the only thing the app keeps in the browser's storage: never a token, never
// tenant data. The names are listed here so that nothing else slips in.
type Preference = "locale";

const PREFIX = "footprint.";

export const preferences = {
  get(name: Preference): string | null {
    try {
      return localStorage.getItem(PREFIX + name);
    } catch {
      return null; // storage disabled: the preference lasts as long as the page
    }
  },
  set(name: Preference, value: string): void {
    try {
      localStorage.setItem(PREFIX + name, value);
    } catch {
      // storage disabled or full: keep going without remembering
    }
  },
};
