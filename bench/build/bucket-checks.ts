// A staged rows folder of the earlier layout (one `checks-<tag>.csv` per thread) in today's
// (staged.ts: `checks-<tag>-<bucket>.csv`, a report's checks in its bucket), for phases.ts: the
// reports files are hard-linked, each checks file split by the bucket of its rows' report_id.
//   npx tsx bench/build/bucket-checks.ts --from DIR --to DIR
// The CSV is split by hand (a state machine over quotes) rather than read by a CSV library: the
// only thing needed is where each record ends and its second field (report_id, after _key), and
// the records are copied byte for byte.
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
if (!values.from || !values.to) throw new Error('--from DIR --to DIR');
const from = resolve(values.from);
const to = resolve(values.to);
mkdirSync(to, { recursive: true });

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;

/** Each record of `bytes` (staged CSV) with the text of its field `field` (0-based, unquoted). */
function* records(bytes: Buffer, field: number): Generator<{ start: number; end: number; value: string }> {
  let start = 0;
  let quoted = false;
  let f = 0;
  let fieldStart = 0;
  let value = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) quoted = !quoted; // "" inside a quoted field toggles twice: still quoted
    else if (!quoted && (c === COMMA || c === NEWLINE)) {
      if (f === field) value = bytes.subarray(fieldStart, i).toString('utf8').replace(/^"|"$/g, '');
      f++;
      fieldStart = i + 1;
      if (c === NEWLINE) {
        yield { start, end: i + 1, value };
        start = i + 1;
        f = 0;
        value = '';
      }
    }
  }
}

let checks = 0;
let linked = 0;
for (const name of readdirSync(from).sort()) {
  if (/^reports-[A-Za-z0-9]+-[0-9a-f]{2}\.csv$/.test(name)) {
    linkSync(join(from, name), join(to, name));
    linked++;
    continue;
  }
  const m = /^checks-([A-Za-z0-9]+)\.csv$/.exec(name);
  if (!m) continue;
  const bytes = readFileSync(join(from, name));
  const parts = new Map<string, Buffer[]>();
  for (const r of records(bytes, 1)) {
    const bucket = r.value.slice(0, 2);
    if (!/^[0-9a-f]{2}$/.test(bucket)) throw new Error(`${name}: report_id ${r.value} is not hex`);
    if (!parts.has(bucket)) parts.set(bucket, []);
    parts.get(bucket)!.push(bytes.subarray(r.start, r.end));
    checks++;
  }
  for (const [bucket, pieces] of parts) {
    const fd = openSync(join(to, `checks-${m[1]}-${bucket}.csv`), 'w');
    try {
      for (const p of pieces) writeSync(fd, p);
    } finally {
      closeSync(fd);
    }
  }
}
console.log(`${linked} reports files linked, ${checks} checks split by bucket into ${to}`);
