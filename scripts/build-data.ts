// npm run build:data [-- --reports DIR] [--out DIR] [--no-cache] [--cache DIR] [--threads N] [--partition-above N]
// Reads every report under DIR (default data/reports), writes reports.parquet, cells.parquet,
// checks.parquet, summary.json and sources/ to the output folder (default public/data, served by
// Vite). Parsing runs on worker threads, one per core. Files unchanged since the last build are
// not parsed again (cache in .cache/build; --no-cache parses everything).
// Bad report files never stop the build; the exit code is non-zero only for a usage error (2)
// or when the output cannot be written at all (1).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildData, SUMMARY_FILE } from '../src/build/build.ts';
import { formatSummary } from '../src/build/summary.ts';

const USAGE = `usage: npm run build:data -- [--reports DIR] [--out DIR] [--no-cache] [--cache DIR] [--threads N] [--partition-above N]
  --reports DIR          folder of report files, read recursively (default data/reports)
  --out DIR              where the Parquet files and summary.json go (default public/data)
  --cache DIR            cache of parsed reports for incremental builds (default .cache/build)
  --no-cache             parse every file, and neither read nor write the cache
  --threads N            parsing threads (default: one per core; 0 parses in the main thread)
  --partition-above N    also write reports/year=YYYY/part-0.parquet above N reports (default 50000)
`;

interface Options { reports: string; out: string; cache: string | null; threads?: number; partitionAbove?: number }

function parseArgs(argv: string[]): Options | null {
  const options: Options = { reports: 'data/reports', out: 'public/data', cache: '.cache/build' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--no-cache') {
      options.cache = null;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (!value) return null;
    if (name === '--reports') options.reports = value;
    else if (name === '--out') options.out = value;
    else if (name === '--cache') options.cache = value;
    else if (name === '--threads' || name === '--partition-above') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) return null;
      if (name === '--threads') options.threads = n;
      else options.partitionAbove = n;
    } else return null;
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
  const { summary } = await buildData({
    reportsDir: options.reports, outDir: options.out, cacheDir: options.cache, threads: options.threads, partitionAbove: options.partitionAbove,
  });
  process.stdout.write(formatSummary(summary, options.out, statSync(join(options.out, SUMMARY_FILE)).size));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`build failed, nothing written / 构建失败，未写入任何文件: ${message}\n`);
  process.exit(1);
}
