import { request } from "./client";
import type { GwpSet, LinesPage, Summary } from "./types";
import type { LinesFilter } from "../lines-filter";

// Summaries being fetched, by query: a second ask while the first is in flight (the shell's
// preload, then the screen) shares its answer. Kept only until it arrives: nothing is cached.
const inFlight = new Map<string, Promise<Summary>>();

/** Totals for a month range (`YYYY-MM`), grouped by scope unless asked otherwise. */
export function summary(
  from: string,
  to: string,
  gwp: GwpSet,
  groupBy: Summary["group_by"] = "scope",
): Promise<Summary> {
  const query = { from, to, gwp, group_by: groupBy };
  const key = JSON.stringify(query);
  const pending = inFlight.get(key);
  if (pending) return pending;
  const asked = request<Summary>("GET", "/emissions/summary", { query }).finally(() =>
    inFlight.delete(key),
  );
  inFlight.set(key, asked);
  return asked;
}

// A sparse filter may answer empty pages that only say where to go on: follow that many at
// most before showing what there is (and the way on).
const EMPTY_PAGES_FOLLOWED = 20;

/** A page of lines: an upload's, or those behind a total (`from` and `to` given). */
export async function lines(
  filter: LinesFilter,
  cursor: string | null,
  limit = 50,
): Promise<LinesPage> {
  let next = cursor;
  for (let followed = 0; ; followed++) {
    const page = await request<LinesPage>("GET", "/emissions/lines", {
      query: {
        upload_id: filter.upload,
        from: filter.from,
        to: filter.to,
        scope: filter.scope,
        category: filter.category,
        facility: filter.facility,
        cursor: next ?? undefined,
        limit,
      },
    });
    if (page.lines.length > 0 || page.next_cursor === null || followed >= EMPTY_PAGES_FOLLOWED) {
      return page;
    }
    next = page.next_cursor;
  }
}
