// The cells a report's failed checks name (highlighted in its tables), and the checks whose cell
// list cannot be read: those are returned, so the page says the highlights are missing.
import { describe, expect, it } from 'vitest';
import { flaggedCells, type CheckRow } from '../src/views/flagged.ts';

const check = (code: string, severity: CheckRow['severity'], cells: string): CheckRow => ({
  code, severity, cells, cell_refs: '', message_zh: code, message_en: code,
});

describe('flaggedCells', () => {
  it('maps every named cell of an error or warning to its checks, and ignores notes', () => {
    const a = check('source.t3.sum', 'error', '[{"table":"table3","row":23,"col":0},{"table":"table3","row":0,"col":0}]');
    const b = check('narrative.x', 'warning', '[{"table":"table3","row":23,"col":0}]');
    const c = check('meta.note', 'info', '[{"table":"table4","row":1,"col":0}]');
    const { cells, unreadable } = flaggedCells([a, b, c]);
    expect([...cells.keys()].sort()).toEqual(['table3[0,0]', 'table3[23,0]']);
    expect(cells.get('table3[23,0]')).toEqual([a, b]);
    expect(unreadable).toEqual([]);
  });

  it('returns the checks whose cells are not JSON, not a list, or not {table,row,col}', () => {
    const ok = check('ok', 'error', '[]');
    const broken = [
      check('not_json', 'error', '[{"table":"table3",'),
      check('not_list', 'warning', '{"table":"table3","row":1,"col":1}'),
      check('bad_ref', 'error', '[{"table":"table3","row":"1","col":0}]'),
      check('null_text', 'error', 'null'),
    ];
    const { cells, unreadable } = flaggedCells([ok, ...broken, check('info_broken', 'info', 'x')]);
    expect(cells.size).toBe(0);
    expect(unreadable.map((c) => c.code)).toEqual(['not_json', 'not_list', 'bad_ref', 'null_text']);
  });
});
