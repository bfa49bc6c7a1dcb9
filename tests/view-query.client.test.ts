// The one client every view asks through (src/db/client.svelte.ts), run by Svelte's client runtime:
// its phase after a failed query, when the state changes, and when an older answer arrives late.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { data } from '../src/app/data.svelte.ts';
import { ViewQuery } from '../src/db/client.svelte.ts';
import type { Query } from '../src/db/queries.ts';
import type { Runner } from '../src/db/latest.ts';
import { cell, effectRoot } from './env/cell.svelte.ts';

/** A runner whose answers the test releases by hand, in any order. */
function manualRunner() {
  const calls: { sql: string; resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }[] = [];
  const run: Runner = (query) => new Promise((resolve, reject) => { calls.push({ sql: query.sql, resolve, reject }); });
  return { run, calls };
}

const tick = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); flushSync(); };

/**
 * A ViewQuery asking `SELECT <state> AS n` (nothing when the state is null), the database ready,
 * answered by hand; `exact` as the view's option. Call `stop()` at the end.
 */
function viewOf(exact?: (n: number | null) => number | null) {
  data.dbStage = 'ready';
  data.generation = 1;
  const { run, calls } = manualRunner();
  const state = cell<number | null>(1);
  let q!: ViewQuery<{ rows: Query }, number>;
  const stop = effectRoot(() => {
    q = new ViewQuery({
      queries: () => (state.value === null ? null : { rows: { sql: `SELECT ${state.value} AS n`, params: [] } }),
      shape: (a) => Number(a.rows[0].n),
      ...(exact ? { exact: () => exact(state.value) } : {}),
      run,
    });
  });
  return { q, calls, state, stop };
}

describe('ViewQuery', () => {
  it('leaves the error phase as soon as another state is asked, and shows that answer', async () => {
    const { q, calls, state, stop } = viewOf();
    try {
      await tick();
      expect(calls.map((c) => c.sql)).toEqual(['SELECT 1 AS n']);
      expect(q.phase).toBe('loading');
      calls[0].reject(new Error('boom'));
      await tick();
      expect(q.phase).toBe('error');
      expect(q.error).toBe('boom');

      state.value = 2;
      await tick();
      expect(calls.map((c) => c.sql)).toEqual(['SELECT 1 AS n', 'SELECT 2 AS n']);
      expect(q.phase).toBe('loading'); // not still 'error': that error was another state's
      expect(q.error).toBeNull();
      calls[1].resolve([{ n: 2 }]);
      await tick();
      expect(q.phase).toBe('ready');
      expect(q.value).toBe(2);
    } finally {
      stop();
    }
  });

  it('keeps the last good answer shown (stale) while a new one loads, and drops an older answer that arrives late', async () => {
    const { q, calls, state, stop } = viewOf();
    try {
      await tick();
      calls[0].resolve([{ n: 1 }]);
      await tick();
      expect([q.phase, q.value, q.stale]).toEqual(['ready', 1, false]);

      state.value = 2;
      await tick();
      expect([q.phase, q.value, q.stale]).toEqual(['loading', 1, true]);
      state.value = 3;
      await tick();
      expect(calls.map((c) => c.sql)).toEqual(['SELECT 1 AS n', 'SELECT 2 AS n', 'SELECT 3 AS n']);
      calls[2].resolve([{ n: 3 }]);
      await tick();
      expect([q.phase, q.value, q.stale]).toEqual(['ready', 3, false]);
      calls[1].resolve([{ n: 2 }]); // the answer to a question no longer asked
      await tick();
      expect([q.phase, q.value, q.stale]).toEqual(['ready', 3, false]);
    } finally {
      stop();
    }
  });

  it('answers from the summaries without asking the database while they can, and asks it when they cannot', async () => {
    const { q, calls, state, stop } = viewOf((n) => (n === 1 ? 100 : null));
    try {
      await tick();
      expect(calls).toHaveLength(0);
      expect([q.phase, q.value, q.fromSummaries]).toEqual(['ready', 100, true]);
      state.value = 2;
      await tick();
      expect(calls.map((c) => c.sql)).toEqual(['SELECT 2 AS n']);
      expect([q.phase, q.value, q.fromSummaries]).toEqual(['loading', null, false]);
      calls[0].resolve([{ n: 2 }]);
      await tick();
      expect([q.phase, q.value]).toEqual(['ready', 2]);
    } finally {
      stop();
    }
  });

  it('drops a failed question\'s error when the state asks nothing', async () => {
    const { q, calls, state, stop } = viewOf();
    try {
      await tick();
      calls[0].reject(new Error('boom'));
      await tick();
      expect([q.phase, q.error]).toEqual(['error', 'boom']);
      state.value = null; // e.g. a panel closed
      await tick();
      expect(calls).toHaveLength(1);
      expect([q.phase, q.error]).toEqual(['ready', null]);
    } finally {
      stop();
    }
  });
});
