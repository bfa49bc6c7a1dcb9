// A DuckDB statement that runs out of memory during the build is run again with more room
// (src/build/memory.ts): on one thread, then with the limit doubled up to a ceiling, each step logged.
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseBytes, retryOutOfMemory } from '../src/build/memory.ts';

// A list aggregate cannot spill: 4,000,000 BIGINTs need about 32 MB at once.
const HEAVY = 'SELECT len(list(i)) AS n FROM range(4000000) r(i)';

async function connection(limit: string) {
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: limit, threads: '2' });
  return instance.connect();
}

describe('retrying out-of-memory statements', () => {
  it('fails without the retry, succeeds with it after raising the limit, and logs each step', async () => {
    const bare = await connection('8MB');
    await expect(bare.runAndReadAll(HEAVY)).rejects.toThrow(/Out of Memory/);
    const lines: string[] = [];
    const db = retryOutOfMemory(await connection('8MB'), (l) => lines.push(l), 256 * 2 ** 20);
    expect(Number((await db.runAndReadAll(HEAVY)).getRows()[0][0])).toBe(4_000_000);
    expect(lines[0]).toMatch(/on one thread/);
    expect(lines.slice(1).every((l) => /memory_limit \d+MiB/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(String((await db.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0])).toBe('1');
  });

  it('gives up at the ceiling with the original error, and leaves other errors alone', async () => {
    const lines: string[] = [];
    const db = retryOutOfMemory(await connection('8MB'), (l) => lines.push(l), 16 * 2 ** 20);
    await expect(db.run(`CREATE TABLE t AS ${HEAVY}`)).rejects.toThrow(/Out of Memory/);
    const steps = lines.length;
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(lines[steps - 1]).toMatch(/memory_limit 16MiB/);
    await expect(db.run('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect(lines.length).toBe(steps);
  });

  it('reads limits as DuckDB writes them', () => {
    expect(parseBytes('512MB')).toBe(512e6);
    expect(parseBytes('488.2 MiB')).toBe(Math.round(488.2 * 2 ** 20));
    expect(parseBytes('1GiB')).toBe(2 ** 30);
    expect(parseBytes('lots')).toBeNull();
  });
});
