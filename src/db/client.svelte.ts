// The one way a view asks the database, in the style of Mosaic's coordinator: the view declares
// its queries as a function of the state (filters, sort, page…), and receives the latest answer.
//
//   const outcomes = viewQuery({   // (a dependent second round: `follow: (answers) => ({ … })`)
//     queries: () => ({ rows: outcomesByAgency(app.current.filters), total: countReports(app.current.filters) }),
//     shape: (a) => ({ rows: a.rows as OutcomeRow[], count: a.total[0].n as number }),
//     seed: () => summaryOutcomes(data.summary, app.current.filters),   // optional first paint
//   });
//   // in the markup:  {#if outcomes.value} … {/if}   <QueryStatus q={outcomes} />
//
// - The queries re-run whenever what `queries()` reads changes, and when the database becomes
//   ready (data.generation). Returning null asks nothing (e.g. a closed panel).
// - Answers to an older request are dropped (a serial per view, src/db/latest.ts); the last
//   good answer stays shown, marked `stale`, until the new one arrives.
// - Before DuckDB is ready, `seed()` (summary.json's first-paint results) may answer; a seed
//   is only ever for the current state (return null when it cannot answer it).
// - `phase` says where things stand — 'waiting' (for the database), 'loading', 'ready', 'error'
//   — and `error` holds the query's or the database's message; QueryStatus.svelte shows them.
//
// Must be created while a component initialises (it owns an $effect.pre).
import { data } from '../app/data.svelte.ts';
import type { Lang } from '../app/url.ts';
import { Latest, queriesKey, type Answers, type Queries, type Runner } from './latest.ts';

export type Phase = 'waiting' | 'loading' | 'ready' | 'error';

export interface ViewQueryOptions<Q extends Queries, T> {
  /** The view's questions for the current state; null: nothing to ask now. */
  queries: () => Q | null;
  /** The answers' rows → what the view draws. */
  shape: (answers: Answers<Q>) => T;
  /** An answer for the current state without the database (first paint), or null. */
  seed?: () => T | null;
  /**
   * An answer as exact as the database's, without it (sums from the build's summaries,
   * src/app/cube.ts), or null when the summaries cannot answer the current state. While it
   * answers, the database is not asked at all, before or after it is ready.
   */
  exact?: () => T | null;
  /** A second round that depends on the first answers; its rows join `answers` under its names. */
  follow?: (answers: Answers<Q>) => Queries | null;
  /** Runs one query; defaults to the page's DuckDB. */
  run?: Runner;
  /** Higher runs first when several views wait for the database (default 0; src/db/schedule.ts). */
  priority?: number;
}

export class ViewQuery<Q extends Queries, T> {
  #options: ViewQueryOptions<Q, T>;
  #latest = new Latest();
  // Raw: an answer is replaced whole, never changed in place; a deep $state would wrap every row
  // of it in a proxy, and each read of a cell by the charts would go through a trap.
  #answer = $state.raw<{ key: string; value: T } | null>(null);
  #pending = $state(false);
  #error = $state<string | null>(null);

  /** The current question's identity (null: nothing asked). */
  readonly key = $derived.by(() => {
    const q = this.#options.queries();
    return q ? queriesKey(q) : null;
  });
  /** The first-paint answer, consulted only until the database has answered once. */
  readonly #seeded = $derived.by(() => (this.#answer ? null : (this.#options.seed?.() ?? null)));
  /** The summaries' exact answer for the current state, if they have one. */
  readonly #exact = $derived.by(() => this.#options.exact?.() ?? null);

  constructor(options: ViewQueryOptions<Q, T>) {
    this.#options = options;
    // Before the DOM updates ($effect.pre): the worker starts on the question while the page
    // redraws what it can already draw (the summaries' answers), instead of after.
    $effect.pre(() => {
      const exact = this.#exact !== null;
      const queries = exact ? null : options.queries();
      const generation = data.generation;
      if (!queries || !data.ready || generation === 0) {
        this.#latest.cancel();
        this.#pending = false;
        // Nothing asked: no question's error stands (the database's own, if any, is data.dbError).
        this.#error = null;
        return;
      }
      this.#pending = true;
      // An error belongs to the question that failed: a new question is loading, not failed
      // (the last good answer stays shown, stale, until its answer comes).
      this.#error = null;
      const run: Runner = options.run ?? ((q, ask) => data.run(q, ask));
      void this.#latest.ask(run, queries, options.follow, options.priority ?? 0).then((out) => {
        if (!out) return;
        this.#pending = false;
        if (!out.ok) {
          this.#error = out.message;
          return;
        }
        try {
          this.#answer = { key: out.key, value: options.shape(out.answers) };
          this.#error = null;
        } catch (e) {
          this.#error = e instanceof Error ? e.message : String(e);
        }
      });
    });
  }

  /** The summaries' exact answer, else the latest answer (possibly stale), else the seed, else null. */
  get value(): T | null {
    return this.#exact ?? this.#answer?.value ?? this.#seeded;
  }
  /** True while the shown value comes from the seed, not the database. */
  get fromSeed(): boolean {
    return this.#exact === null && !this.#answer && this.#seeded !== null;
  }
  /** True while the shown value is the summaries' exact answer (the database not asked). */
  get fromSummaries(): boolean {
    return this.#exact !== null;
  }
  /** The shown answer is for an earlier state; a newer one is on its way. */
  get stale(): boolean {
    return this.#exact === null && this.#answer !== null && this.key !== null && this.#answer.key !== this.key;
  }
  /** The last query's error (the database's own message), or null. */
  get error(): string | null {
    return this.#exact === null ? this.#error : null;
  }
  get phase(): Phase {
    if (this.#exact !== null) return 'ready';
    if (this.#error || data.dbStage === 'error') return 'error';
    if (!data.ready) return 'waiting';
    if (this.#pending || this.stale || (this.key !== null && !this.#answer)) return 'loading';
    return 'ready';
  }
  /** What went wrong, in words: the query's error, else the database's. */
  message(lang: Lang): string | null {
    if (this.#exact !== null) return null;
    return this.#error ?? (data.dbStage === 'error' ? (data.dbError?.[lang] ?? null) : null);
  }
}

export function viewQuery<Q extends Queries, T>(options: ViewQueryOptions<Q, T>): ViewQuery<Q, T> {
  return new ViewQuery(options);
}

/** The first row of an answer, which an aggregate without GROUP BY always returns. */
export function one<R>(rows: Record<string, unknown>[]): R {
  if (rows.length === 0) throw new Error('the query returned no row');
  return rows[0] as R;
}
