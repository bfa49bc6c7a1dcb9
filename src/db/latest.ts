// The plain core of the query client (src/db/client.svelte.ts): run a view's named queries
// together, and deliver only the answer to the newest request. No Svelte here, so it is tested
// on its own (tests/client.test.ts).
import type { Query } from './queries.ts';
import type { Ask } from './schedule.ts';

/** A view's questions, by name: `{ rows: Query, total: Query }`. */
export type Queries = Record<string, Query>;
/** The rows each named query returned. */
export type Answers<Q extends Queries> = { [K in keyof Q]: Record<string, unknown>[] };
/** Runs one query; `ask` says how urgent it is and whether it is still wanted (src/db/schedule.ts). */
export type Runner = (query: Query, ask?: Ask) => Promise<Record<string, unknown>[]>;

/** One identity per question: same SQL and parameters, same key. */
export function queriesKey(queries: Queries): string {
  return JSON.stringify(Object.entries(queries).map(([name, q]) => [name, q.sql, q.params]));
}

export type Outcome<Q extends Queries> =
  | { ok: true; key: string; answers: Answers<Q> }
  | { ok: false; key: string; message: string };

/**
 * Asks and forgets: every `ask` gets a serial; when its answers arrive after a newer `ask`,
 * they are dropped (the view already asks something else). Errors arrive as messages.
 */
export class Latest {
  #serial = 0;

  /**
   * Resolves with the outcome, or with null when a newer request overtook this one. `follow`
   * asks a second round that depends on the first answers (e.g. bins planned from quartiles);
   * its answers join the first ones under their own names.
   */
  async ask<Q extends Queries>(run: Runner, queries: Q, follow?: (answers: Answers<Q>) => Queries | null, priority = 0): Promise<Outcome<Q> | null> {
    const mine = ++this.#serial;
    const key = queriesKey(queries);
    // A query still waiting when a newer request comes is not run at all (src/db/schedule.ts).
    const wanted = () => mine === this.#serial;
    const all = async (qs: Queries) => {
      const names = Object.keys(qs);
      const results = await Promise.all(names.map((n) => run(qs[n], { priority, wanted })));
      return Object.fromEntries(names.map((n, i) => [n, results[i]]));
    };
    try {
      let answers = (await all(queries)) as Answers<Q>;
      if (mine !== this.#serial) return null;
      const more = follow?.(answers);
      if (more) {
        answers = { ...answers, ...(await all(more)) };
        if (mine !== this.#serial) return null;
      }
      return { ok: true, key, answers };
    } catch (e) {
      if (mine !== this.#serial) return null;
      return { ok: false, key, message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Forget whatever is in flight (the view no longer asks anything). */
  cancel(): void {
    this.#serial++;
  }
}
