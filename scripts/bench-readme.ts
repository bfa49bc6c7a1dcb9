// npm run bench:readme [-- --check]
// Rewrites the results tables of bench/build/README.md and bench/site/README.md from the
// results.json beside each (bench/readme.ts). --check changes nothing and exits 1 if a README is
// out of date.
import { parseArgs } from 'node:util';
import { generated, rewriteReadmes } from '../bench/readme.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
if (values.check) {
  const stale = generated().filter((g) => g.current !== g.next).map((g) => g.path);
  process.stdout.write(stale.length ? `out of date: ${stale.join(', ')} (run npm run bench:readme)\n` : 'bench READMEs match their results.json\n');
  process.exit(stale.length ? 1 : 0);
}
const changed = rewriteReadmes();
process.stdout.write(changed.length ? `rewritten: ${changed.join(', ')}\n` : 'bench READMEs already match their results.json\n');
