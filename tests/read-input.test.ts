// inputs.ts: a file is read whole as fstat stated it, or refused with the reason; the folder is
// walked without leaving it (hos17).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listInputs, readInput, walkInputs } from '../src/build/inputs.ts';

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

describe('walking the reports folder', () => {
  it('does not follow a link to a folder outside it (a link to / walked the whole disk): the link is one input, with the reason', () => {
    const root = mkdtempSync(join(tmpdir(), 'walk-'));
    try {
      const reports = join(root, 'reports');
      mkdirSync(join(reports, 'sub'), { recursive: true });
      mkdirSync(join(root, 'elsewhere'));
      writeFileSync(join(root, 'elsewhere', 'private.txt'), 'not to be read');
      writeFileSync(join(reports, 'a.txt'), 'report');
      symlinkSync(join(root, 'elsewhere'), join(reports, 'out'));
      symlinkSync('..', join(reports, 'sub', 'up')); // its own folder: visited once, as before
      symlinkSync('../..', join(reports, 'sub', 'above')); // the folder holding the reports folder
      for (const inputs of [listInputs(reports), [...walkInputs(reports)].sort((x, y) => (x.file < y.file ? -1 : 1))]) {
        expect(inputs.map((i) => [i.file, i.unreadable?.code ?? null])).toEqual([['a.txt', null], ['out', 'link_outside'], ['sub/above', 'link_outside']]);
        expect(inputs[1].unreadable?.en).toContain('a link to a folder outside the reports folder');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
