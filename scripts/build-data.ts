// npm run build:data [-- --reports DIR] [--out DIR]
// Reads every report under DIR (default data/reports), writes reports.parquet, cells.parquet,
// checks.parquet and summary.json to the output folder (default public/data, served by Vite).
// Bad report files never stop the build; the exit code is non-zero only for a usage error (2)
// or when the output cannot be written at all (1).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildData, SUMMARY_FILE } from '../src/build/build.ts';
import { formatSummary } from '../src/build/summary.ts';

const USAGE = `usage: npm run build:data -- [--reports DIR] [--out DIR]
  --reports DIR  folder of report files, read recursively (default data/reports)
  --out DIR      where the Parquet files and summary.json go (default public/data)
`;

function parseArgs(argv: string[]): { reports: string; out: string } | null {
  const options = { reports: 'data/reports', out: 'public/data' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name !== '--reports' && name !== '--out') return null;
    const value = inline ?? argv[++i];
    if (!value) return null;
    options[name === '--reports' ? 'reports' : 'out'] = value;
  }
  return options;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const options = parseArgs(args);
if (!options) {
  process.stderr.write(USAGE);
  process.exit(2);
}

try {
  // Warnings (manifest problems, duplicate files, values that did not fit) are listed in the summary.
  const { summary } = await buildData({ reportsDir: options.reports, outDir: options.out });
  process.stdout.write(formatSummary(summary, options.out, statSync(join(options.out, SUMMARY_FILE)).size));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`build failed, nothing written / 构建失败，未写入任何文件: ${message}\n`);
  process.exit(1);
}
