// inputs.ts readInput: a file is read whole as fstat stated it, or refused with the reason (hos17).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInput } from '../src/build/inputs.ts';

// A sysfs attribute is a regular file whose stat size (a page) is more than it holds: as a file
// cut short between fstat and read would be. (Linux only.)
const SHORT = '/sys/devices/system/cpu/online';

describe('readInput', () => {
  it('reads a file whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-input-'));
    try {
      writeFileSync(join(dir, 'a.txt'), '年度报告\n');
      const read = readInput({ file: 'a.txt', path: join(dir, 'a.txt') });
      expect(read.ok && Buffer.from(read.bytes).toString('utf8')).toBe('年度报告\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(SHORT) || statSync(SHORT).size === 0)('refuses a file that gives fewer bytes than fstat stated, not reading it as a report cut off', () => {
    const read = readInput({ file: 'online', path: SHORT });
    expect(read.ok).toBe(false);
    expect(read.ok ? null : read.reason).toMatchObject({ code: 'changed_while_read', en: expect.stringContaining('shrank while it was read') });
  });
});
