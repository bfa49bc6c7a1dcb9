// The order in which the page's queries reach DuckDB. DuckDB-wasm runs one query at a time on
// its worker, and a query handed to the worker cannot be taken back. So the page hands it one
// query at a time and keeps the others here:
//   - a query nobody wants any more (its view asked something newer, or closed) is dropped before
//     it runs, instead of delaying the ones that are wanted;
//   - the most urgent waits least: a higher `priority` runs first (the chart the user looks at
//     before the counts beside it), in the order asked within one priority; an urgent one
//     (priority ≥ 1) starts at once on an idle database, the others at the end of the task;
//   - the same SQL with the same parameters asked again while it waits or runs is run once, and
//     every asker gets the rows.
// No Svelte and no DuckDB here: tests/schedule.test.ts drives it with a runner of its own.
import type { Query } from './queries.ts';

export type Rows = Record<string, unknown>[];

export interface Ask {
  /** Higher first. Default 0. */
  priority?: number;
  /** False once the asker no longer needs the answer (checked just before the query would run). */
  wanted?: () => boolean;
}

/** The rejection of a query dropped unrun because nobody wanted it any more. */
export class Superseded extends Error {
  override name = 'Superseded';
  constructor() {
    super('superseded by a newer question');
  }
}

interface Asker {
  wanted: () => boolean;
  resolve: (rows: Rows) => void;
  reject: (e: unknown) => void;
}

interface Waiting {
  key: string;
  query: Query;
  priority: number;
  order: number;
  askers: Asker[];
}

const keyOf = (q: Query) => JSON.stringify([q.sql, q.params]);

export class Schedule {
  #run: (query: Query) => Promise<Rows>;
  #waiting: Waiting[] = [];
  #running: Waiting | null = null;
  #order = 0;
  #planned = false;
  /** Queries dropped unrun, since the start (for the tests and the profile). */
  dropped = 0;
  /** When a query was last asked or last finished (performance.now()). */
  #lastActivity = performance.now();

  constructor(run: (query: Query) => Promise<Rows>) {
    this.#run = run;
  }

  run(query: Query, ask: Ask = {}): Promise<Rows> {
    this.#lastActivity = performance.now();
    return new Promise<Rows>((resolve, reject) => {
      const asker: Asker = { wanted: ask.wanted ?? (() => true), resolve, reject };
      const key = keyOf(query);
      const priority = ask.priority ?? 0;
      const same = this.#running?.key === key ? this.#running : this.#waiting.find((w) => w.key === key);
      if (same) {
        same.askers.push(asker);
        if (same !== this.#running && priority > same.priority) same.priority = priority;
      } else {
        this.#waiting.push({ key, query, priority, order: this.#order++, askers: [asker] });
      }
      // An urgent question (priority ≥ 1: the chart in view) starts at once on an idle database:
      // the views ask before the page redraws, so the worker computes while the main thread draws.
      // Any other waits for the end of the current task, so that an urgent one asked in the same
      // change (after it) still goes first.
      if (priority >= 1) this.#next();
      else if (!this.#planned) {
        this.#planned = true;
        queueMicrotask(() => {
          this.#planned = false;
          this.#next();
        });
      }
    });
  }

  /** Ms since the database last had anything to do: 0 while a query runs or waits. */
  get idleMs(): number {
    return this.#running || this.#waiting.length ? 0 : performance.now() - this.#lastActivity;
  }

  /** Queries waiting (not yet handed to the database). */
  get waiting(): number {
    return this.#waiting.length;
  }

  #next(): void {
    if (this.#running) return;
    for (;;) {
      // Drop the askers that moved on; a query nobody waits for is not run.
      for (const w of this.#waiting) {
        w.askers = w.askers.filter((a) => {
          if (a.wanted()) return true;
          a.reject(new Superseded());
          return false;
        });
      }
      const before = this.#waiting.length;
      this.#waiting = this.#waiting.filter((w) => w.askers.length > 0);
      this.dropped += before - this.#waiting.length;
      if (this.#waiting.length === 0) return;
      let best = 0;
      for (let i = 1; i < this.#waiting.length; i++) {
        const w = this.#waiting[i];
        const b = this.#waiting[best];
        if (w.priority > b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
      }
      const job = this.#waiting.splice(best, 1)[0];
      this.#running = job;
      let started: Promise<Rows>;
      try {
        started = this.#run(job.query);
      } catch (e) {
        started = Promise.reject(e);
      }
      started.then(
        // Each asker its own array (the rows themselves are shared: views only read them).
        (rows) => job.askers.forEach((a, i) => a.resolve(i === 0 ? rows : [...rows])),
        (e) => job.askers.forEach((a) => a.reject(e)),
      ).finally(() => {
        this.#running = null;
        this.#lastActivity = performance.now();
        this.#next();
      });
      return;
    }
  }
}
