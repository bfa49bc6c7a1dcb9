// How many ways a run of glued digits reads as `k` numbers (no leading zeros) such that, in
// every group of `group` numbers, the last is the sum of the others (table 3 rows: one group of
// 7; table 4: three groups of 5; table 2: no group, every split counts). The same rule the
// parser's first stage applies (src/format/glued.ts: rowReadings filtered by the identities),
// counted without materialising the readings and stopping at `limit`.
export function countSplits(digits: string, k: number, group: number, limit = 2): number {
  let count = 0;
  const n = digits.length;
  const walk = (pos: number, part: number, sum: number): void => {
    if (count >= limit) return;
    const left = k - part;
    if (left === 0) {
      if (pos === n) count++;
      return;
    }
    const closes = group > 0 && (part + 1) % group === 0;
    if (closes) {
      // The group's total is forced: it must read as the sum of the others.
      const s = String(sum);
      if (digits.startsWith(s, pos) && n - pos - s.length >= left - 1) walk(pos + s.length, part + 1, 0);
      return;
    }
    if (left === 1) {
      const rest = digits.slice(pos);
      if (rest.length && !(rest.length > 1 && rest[0] === '0')) count++;
      return;
    }
    const maxEnd = n - (left - 1);
    for (let end = pos + 1; end <= maxEnd; end++) {
      if (end - pos > 1 && digits[pos] === '0') break;
      walk(end, part + 1, sum + Number(digits.slice(pos, end)));
      if (count >= limit) return;
    }
  };
  walk(0, 0, 0);
  return count;
}
