// A DuckDB statement that runs out of memory during the build is run again with more room
// (src/build/memory.ts): on one thread, then with the limit doubled up to a ceiling, each step logged.
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { lowerMemoryLimit, parseBytes, retryOutOfMemory, shownBytes } from '../src/build/memory.ts';

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
    expect(lines.slice(1, -1).every((l) => /running it again with memory_limit \d+MiB/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
    // The room was for that statement only: two threads and 8MB (7.6 MiB) again, and the log says so.
    expect(lines[lines.length - 1]).toMatch(/back to 2 threads and memory_limit 7\.6 MiB/);
    expect((await db.runAndReadAll("SELECT current_setting('threads'), current_setting('memory_limit')")).getRows()[0]).toEqual([2n, '7.6 MiB']);
    // So the next heavy statement starts from the limit given, and is retried again.
    const before = lines.length;
    expect(Number((await db.runAndReadAll(HEAVY)).getRows()[0][0])).toBe(4_000_000);
    expect(lines[before]).toMatch(/on one thread/);
  });

  it('gives up at the ceiling with the original error, and leaves other errors alone', async () => {
    const lines: string[] = [];
    const db = retryOutOfMemory(await connection('8MB'), (l) => lines.push(l), 16 * 2 ** 20);
    await expect(db.run(`CREATE TABLE t AS ${HEAVY}`)).rejects.toThrow(/Out of Memory/);
    const steps = lines.length;
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(lines[steps - 2]).toMatch(/memory_limit 16MiB/);
    expect(lines[steps - 1]).toMatch(/back to 2 threads and memory_limit 7\.6 MiB/);
    expect((await db.runAndReadAll("SELECT current_setting('threads'), current_setting('memory_limit')")).getRows()[0]).toEqual([2n, '7.6 MiB']);
    await expect(db.run('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect(lines.length).toBe(steps);
  });

  it('changes nothing when the statement needs no retry', async () => {
    const lines: string[] = [];
    const db = retryOutOfMemory(await connection('8MB'), (l) => lines.push(l), 16 * 2 ** 20);
    expect(Number((await db.runAndReadAll('SELECT 40 + 2')).getRows()[0][0])).toBe(42);
    expect(lines).toEqual([]);
  });

  it('lowers the limit for one step only, and sets it back after it, whether it fails or not', async () => {
    const db = await connection('512MB');
    const limit = async () => String((await db.runAndReadAll("SELECT current_setting('memory_limit')")).getRows()[0][0]);
    // 512MB is shown as 488.2 MiB, read as 488.25: three quarters of that are 366.19 MiB.
    expect(await lowerMemoryLimit(db, 0.75, limit)).toBe('366.1 MiB');
    expect(await limit()).toBe('488.2 MiB');
    await expect(lowerMemoryLimit(db, 0.5, async () => {
      expect(await limit()).toBe('244.1 MiB');
      throw new Error('the step failed');
    })).rejects.toThrow('the step failed');
    expect(await limit()).toBe('488.2 MiB');
  });

  it('reads limits as DuckDB writes them', () => {
    expect(parseBytes('512MB')).toBe(512e6);
    expect(parseBytes('488.2 MiB')).toBe(Math.round(488.2 * 2 ** 20));
    expect(parseBytes('1GiB')).toBe(2 ** 30);
    expect(parseBytes('lots')).toBeNull();
    // 512MB is shown as 488.2 MiB (488.28): set back as 488.25 MiB, within 0.05 MiB of it.
    expect(shownBytes('488.2 MiB')).toBe(Math.round(488.25 * 2 ** 20));
    expect(shownBytes('512MB')).toBe(512e6);
  });
});
