import { request } from "./client";
import type { FactorPage } from "./types";

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
