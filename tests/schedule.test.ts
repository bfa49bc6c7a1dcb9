// The order of the page's queries (src/db/schedule.ts): one at a time, the unwanted dropped
// before they run, the urgent first, the same question run once.
import { describe, expect, it } from 'vitest';
import { Schedule, Superseded } from '../src/db/schedule.ts';
import { Latest } from '../src/db/latest.ts';

/** A database whose answers the test releases by hand; `ran` lists the SQL in the order it started. */
function manual() {
  const ran: string[] = [];
  const pending: { sql: string; resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }[] = [];
  const schedule = new Schedule((q) => new Promise((resolve, reject) => {
    ran.push(q.sql);
    pending.push({ sql: q.sql, resolve, reject });
  }));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { schedule, ran, pending, settle };
}
const q = (sql: string, params: (string | number | null)[] = []) => ({ sql, params });

describe('Schedule', () => {
  it('says how long the database has had nothing to do: 0 while a query runs or waits, then counting from its end', async () => {
    const { schedule, pending, settle } = manual();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await wait(30);
    expect(schedule.idleMs).toBeGreaterThanOrEqual(25);
    const a = schedule.run(q('A'));
    expect(schedule.idleMs).toBe(0);
    await settle();
    await wait(30);
    expect(schedule.idleMs).toBe(0); // still running
    pending[0].resolve([]);
    await a;
    await settle();
    expect(schedule.idleMs).toBeLessThan(25);
    await wait(40);
    expect(schedule.idleMs).toBeGreaterThanOrEqual(35);
  });

  it('hands the database one query at a time, in the order asked', async () => {
    const { schedule, ran, pending, settle } = manual();
    const a = schedule.run(q('A'));
    const b = schedule.run(q('B'));
    await settle();
    expect(ran).toEqual(['A']);
    expect(schedule.waiting).toBe(1);
    pending[0].resolve([{ x: 1 }]);
    expect(await a).toEqual([{ x: 1 }]);
    await settle();
    expect(ran).toEqual(['A', 'B']);
    pending[1].resolve([{ x: 2 }]);
    expect(await b).toEqual([{ x: 2 }]);
  });

  it('drops a waiting query nobody wants any more, without running it', async () => {
    const { schedule, ran, pending, settle } = manual();
    let wanted = true;
    schedule.run(q('running'));
    await settle();
    const stale = schedule.run(q('stale'), { wanted: () => wanted });
    const fresh = schedule.run(q('fresh'));
    wanted = false;
    pending[0].resolve([]);
    await expect(stale).rejects.toBeInstanceOf(Superseded);
    await settle();
    expect(ran).toEqual(['running', 'fresh']);
    expect(schedule.dropped).toBe(1);
    pending[1].resolve([{ ok: true }]);
    expect(await fresh).toEqual([{ ok: true }]);
  });

  it('runs the higher priority first, then the others in the order asked', async () => {
    const { schedule, ran, pending, settle } = manual();
    schedule.run(q('first'));
    await settle();
    schedule.run(q('low 1'));
    schedule.run(q('low 2'));
    schedule.run(q('urgent'), { priority: 2 });
    for (let i = 0; i < 4; i++) {
      pending[i].resolve([]);
      await settle();
    }
    expect(ran).toEqual(['first', 'urgent', 'low 1', 'low 2']);
  });

  it('questions asked in one go, the database idle: an urgent one asked after a normal one still goes first', async () => {
    const { schedule, ran, pending, settle } = manual();
    schedule.run(q('counts, asked first'));
    schedule.run(q('extract, low'), { priority: -1 });
    schedule.run(q('chart, urgent'), { priority: 1 });
    expect(ran).toEqual(['chart, urgent']);
    for (let i = 0; i < 3; i++) {
      await settle();
      pending[i].resolve([]);
    }
    await settle();
    expect(ran).toEqual(['chart, urgent', 'counts, asked first', 'extract, low']);
  });

  it('runs the same SQL with the same parameters once for every asker, each getting the rows', async () => {
    const { schedule, ran, pending } = manual();
    schedule.run(q('busy'));
    await new Promise((r) => setTimeout(r, 0));
    const one = schedule.run(q('SELECT ?', [1]));
    const two = schedule.run(q('SELECT ?', [1]));
    const other = schedule.run(q('SELECT ?', [2]));
    pending[0].resolve([]);
    await new Promise((r) => setTimeout(r, 0));
    pending[1].resolve([{ v: 1 }]);
    expect(await one).toEqual([{ v: 1 }]);
    expect(await two).toEqual([{ v: 1 }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual(['busy', 'SELECT ?', 'SELECT ?']);
    pending[2].resolve([{ v: 2 }]);
    expect(await other).toEqual([{ v: 2 }]);
  });

  it('a shared query still runs while one of its askers wants it', async () => {
    const { schedule, ran, pending, settle } = manual();
    schedule.run(q('busy'));
    await settle();
    const gone = schedule.run(q('S'), { wanted: () => false });
    const kept = schedule.run(q('S'));
    pending[0].resolve([]);
    await expect(gone).rejects.toBeInstanceOf(Superseded);
    await settle();
    expect(ran).toEqual(['busy', 'S']);
    pending[1].resolve([{ s: 1 }]);
    expect(await kept).toEqual([{ s: 1 }]);
  });

  it('passes the database\'s error to the asker and goes on with the next query', async () => {
    const { schedule, ran, pending, settle } = manual();
    const bad = schedule.run(q('bad'));
    const next = schedule.run(q('next'));
    await settle();
    pending[0].reject(new Error('Parser Error'));
    await expect(bad).rejects.toThrow('Parser Error');
    await settle();
    expect(ran).toEqual(['bad', 'next']);
    pending[1].resolve([]);
    expect(await next).toEqual([]);
  });

  it('with Latest: a view that asks again before its first question ran never runs the first', async () => {
    const { schedule, ran, pending, settle } = manual();
    const latest = new Latest();
    const run = (query: { sql: string; params: (string | number | boolean | null)[] }, ask?: Parameters<Schedule['run']>[1]) => schedule.run(query, ask);
    schedule.run(q('another view'));
    await settle();
    const old = latest.ask(run, { a: q('old filter') });
    const now = latest.ask(run, { a: q('new filter') });
    pending[0].resolve([]);
    expect(await old).toBeNull();
    await settle();
    expect(ran).toEqual(['another view', 'new filter']);
    pending[1].resolve([{ n: 3 }]);
    expect(await now).toMatchObject({ ok: true, answers: { a: [{ n: 3 }] } });
  });
});
