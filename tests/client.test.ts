// The query client's core (src/db/latest.ts): answers to an older request are dropped, errors
// arrive as messages, and the key identifies a question by its SQL and parameters.
import { describe, expect, it } from 'vitest';
import { Latest, queriesKey, type Runner } from '../src/db/latest.ts';
import { where, NO_FILTERS } from '../src/db/predicates.ts';

/** A runner whose answers the test releases by hand, in any order. */
function manual() {
  const pending: { sql: string; resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }[] = [];
  const run: Runner = (q) => new Promise((resolve, reject) => pending.push({ sql: q.sql, resolve, reject }));
  return { run, pending };
}

describe('Latest', () => {
  it('drops the answer to a request a newer one overtook', async () => {
    const { run, pending } = manual();
    const latest = new Latest();
    const first = latest.ask(run, { a: { sql: 'SELECT 1', params: [] } });
    const second = latest.ask(run, { a: { sql: 'SELECT 2', params: [] } });
    // The newer answer arrives first, the older one after it.
    pending[1].resolve([{ x: 2 }]);
    pending[0].resolve([{ x: 1 }]);
    expect(await first).toBeNull();
    expect(await second).toEqual({ ok: true, key: queriesKey({ a: { sql: 'SELECT 2', params: [] } }), answers: { a: [{ x: 2 }] } });
  });

  it('runs named queries together and returns each one\'s rows under its name', async () => {
    const latest = new Latest();
    const run: Runner = async (q) => [{ sql: q.sql }];
    const out = await latest.ask(run, { rows: { sql: 'R', params: [] }, total: { sql: 'T', params: [] } });
    expect(out).toMatchObject({ ok: true, answers: { rows: [{ sql: 'R' }], total: [{ sql: 'T' }] } });
  });

  it('reports an error as the database\'s message, and drops stale errors too', async () => {
    const { run, pending } = manual();
    const latest = new Latest();
    const older = latest.ask(run, { a: { sql: 'bad', params: [] } });
    const newer = latest.ask(run, { a: { sql: 'worse', params: [] } });
    pending[0].reject(new Error('old failure'));
    pending[1].reject(new Error('Parser Error: syntax error at or near "worse"'));
    expect(await older).toBeNull();
    expect(await newer).toMatchObject({ ok: false, message: 'Parser Error: syntax error at or near "worse"' });
  });

  it('cancel() drops whatever is in flight', async () => {
    const { run, pending } = manual();
    const latest = new Latest();
    const asked = latest.ask(run, { a: { sql: 'SELECT 1', params: [] } });
    latest.cancel();
    pending[0].resolve([]);
    expect(await asked).toBeNull();
  });

  it('keys differ when only a parameter differs', () => {
    expect(queriesKey({ a: { sql: 'x = ?', params: [1] } })).not.toBe(queriesKey({ a: { sql: 'x = ?', params: [2] } }));
    expect(queriesKey({ a: { sql: 'x = ?', params: [1] } })).toBe(queriesKey({ a: { sql: 'x = ?', params: [1] } }));
  });
});

describe('where', () => {
  it('binds every user value and ANDs extra conditions with their parameters in order', () => {
    const w = where({ ...NO_FILTERS, province: '河南省', year: 2024, q: "x'OR'1=1" }, { and: ['handled IS NOT NULL', { sql: 'status = ?', params: ['ok'] }] });
    expect(w.sql).toBe("WHERE province = ? AND year = ? AND (contains(lower(coalesce(agency, '')), lower(?))) AND status <> 'failed' AND superseded_by IS NULL AND (handled IS NOT NULL) AND (status = ?)");
    expect(w.params).toEqual(['河南省', 2024, "x'OR'1=1", 'ok']);
  });
  it('leaves out the filters in except, qualifies columns with an alias, and is empty with nothing to filter', () => {
    expect(where({ ...NO_FILTERS, province: 'A', city: 'B' }, { except: ['city'] }, 'f').sql).toBe("WHERE f.province = ? AND f.status <> 'failed' AND f.superseded_by IS NULL");
    expect(where(NO_FILTERS, { includeFailed: true })).toEqual({ sql: '', params: [] });
  });
});

describe('Latest with a dependent second round', () => {
  it('asks the follow-up from the first answers and joins both', async () => {
    const latest = new Latest();
    const run: Runner = async (q) => [{ sql: q.sql, n: q.params[0] ?? null }];
    const out = await latest.ask(run, { stats: { sql: 'S', params: [3] } }, (a) => ({ bins: { sql: `B${a.stats[0].n}`, params: [] } }));
    expect(out).toMatchObject({ ok: true, answers: { stats: [{ sql: 'S' }], bins: [{ sql: 'B3' }] } });
  });
  it('drops the second round when a newer request came in between', async () => {
    const { run, pending } = manual();
    const latest = new Latest();
    const older = latest.ask(run, { a: { sql: 'first', params: [] } }, () => ({ b: { sql: 'second', params: [] } }));
    pending[0].resolve([]);
    await Promise.resolve();
    const newer = latest.ask(async () => [], { a: { sql: 'other', params: [] } });
    expect(await older).toBeNull();
    expect(await newer).toMatchObject({ ok: true });
  });
});
