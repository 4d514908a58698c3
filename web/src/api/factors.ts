import { request } from "./client";
import type { Edition, FactorPage } from "./types";

export interface FactorSearch {
  readonly q?: string;
  readonly publisher?: string;
  readonly edition?: string;
  readonly region?: string;
}

export const FACTORS_SHOWN = 50;

/** Factors of the library matching every given condition (the first FACTORS_SHOWN). */
export function searchFactors(search: FactorSearch): Promise<FactorPage> {
  return request<FactorPage>("GET", "/factors", {
    query: {
      q: search.q || undefined,
      publisher: search.publisher || undefined,
      edition: search.edition || undefined,
      region: search.region || undefined,
      limit: FACTORS_SHOWN,
    },
  });
}

/** Every edition in the library, to choose from (the factors themselves are not wanted). */
export async function editions(): Promise<readonly Edition[]> {
  const page = await request<FactorPage>("GET", "/factors", { query: { limit: 1 } });
  return page.editions;
}

/** An edition as the emissions routes name it: `epa_hub-2025`. */
export function editionName(edition: Edition): string {
  return `${edition.source}-${edition.edition}`;
}
