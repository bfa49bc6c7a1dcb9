// normalizeLabel remembers labels (a small table by length and three characters, then a Map):
// what it answers must be the label's own normal form, whatever labels came before.
import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../src/format/labels.ts';
import { toHalfWidth } from '../src/format/numbers.ts';

const reference = (label: string) => toHalfWidth(label).replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');

describe('normalizeLabel', () => {
  it('answers each label its own normal form, through collisions, repeats and long labels', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = [...'本年新收政府信息公开申请数量（）()、.．１２3４ ＡbＣ-—其他处理总计 \u3000'];
    const labels: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(rnd() * 30);
      labels.push(Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    }
    // Labels that share their length and first, middle and last characters: the same slot.
    for (let i = 0; i < 200; i++) labels.push(`本${'信息公开'[i % 4]}${'年新收'[i % 3]}政${'府政府'[i % 3]}量`);
    labels.push('', ' ', '（）', '本'.repeat(201), `${'年'.repeat(150)}（${'收'.repeat(150)}）`);
    for (let pass = 0; pass < 3; pass++) {
      for (let i = 0; i < labels.length; i++) {
        const label = labels[(i * 7919 + pass * 13) % labels.length];
        expect(normalizeLabel(label)).toBe(reference(label));
        // The same text as another string object (a slice of a longer text) reads the same.
        const cut = `xx${label}yy`.slice(2, 2 + label.length);
        expect(normalizeLabel(cut)).toBe(reference(label));
      }
    }
  });
});
