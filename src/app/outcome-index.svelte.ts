// The outcomes list's in-memory index (src/app/outcome-index.ts) in the page: fetched once from
// DuckDB when the outcomes view first has the database ready, at the lowest priority (after the
// views' own questions), and only for corpora without a per-report overview and up to
// OUTCOME_INDEX_MAX_REPORTS. Until it is here (or if its query fails) the view asks the database.
import { outcomeIndexQuery } from '../db/queries.ts';
import { data } from './data.svelte.ts';
import { buildOutcomeIndex, OUTCOME_INDEX_MAX_REPORTS, type OutcomeIndex } from './outcome-index.ts';

class OutcomeIndexStore {
  /** Raw: replaced whole once, never changed in place (a proxy per typed array read would undo the point). */
  current = $state.raw<OutcomeIndex | null>(null);
  #started = false;

  /** Starts the fetch once the database is ready (no-op before, after, and for a large corpus). */
  load(): void {
    if (this.#started || !data.ready) return;
    const reports = data.summary?.reports;
    // A small corpus's summary carries every report (`overview`): the view has no cube counts to
    // pair with the index there, and its queries are quick anyway.
    if (reports === undefined || reports > OUTCOME_INDEX_MAX_REPORTS || data.summary?.overview) return;
    this.#started = true;
    data.run(outcomeIndexQuery(), { priority: -2 }).then(
      (rows) => (this.current = buildOutcomeIndex(rows)),
      // The list keeps asking the database; a later visit tries again.
      () => (this.#started = false),
    );
  }
}

export const outcomeIndex = new OutcomeIndexStore();
