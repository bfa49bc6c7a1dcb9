// build.ts alongside: the texts are packed in this thread while DuckDB writes cells.parquet; the
// statement's result comes back, and an error of the work beside it is raised only once the
// statement has finished (nothing left running behind a failed build).
import { describe, expect, it } from 'vitest';
import { alongside } from '../src/build/build.ts';

const later = <T>(value: T, ms: number, log: string[]) => new Promise<T>((resolve) => setTimeout(() => {
  log.push('statement done');
  resolve(value);
}, ms));

describe('alongside', () => {
  it('runs the work while the statement runs and returns the statement\'s result', async () => {
    const log: string[] = [];
    const result = await alongside(later(42, 20, log), () => log.push('packed'));
    expect(result).toBe(42);
    expect(log).toEqual(['packed', 'statement done']);
  });

  it('raises the work\'s error after the statement has finished', async () => {
    const log: string[] = [];
    await expect(alongside(later(1, 20, log), () => {
      throw new Error('cannot pack');
    }).finally(() => log.push('settled'))).rejects.toThrow('cannot pack');
    expect(log).toEqual(['statement done', 'settled']);
  });

  it('raises the work\'s error, not the statement\'s, when both fail', async () => {
    const failing = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('out of memory')), 5));
    await expect(alongside(failing, () => {
      throw new Error('cannot pack');
    })).rejects.toThrow('cannot pack');
  });
});
