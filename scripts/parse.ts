// npm run --silent parse -- FILE...   → one JSON object per file, one per line.
// A file that cannot be read still gets its line, with "status": "failed" and the reason.
// Exit code is non-zero only for a usage error.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from '../src/format/parse.ts';
// PDF and Word readers register themselves with parseDocument.
import '../src/format/readers.ts';
import { parseManifest, type ManifestRead } from '../src/format/manifest.ts';
import { cliRecord } from '../src/format/output.ts';

const files = process.argv.slice(2).filter((a) => a !== '--');
if (files.length === 0 || files.includes('--help') || files.includes('-h')) {
  process.stderr.write('usage: npm run --silent parse -- FILE...\n  prints one JSON object per report file, one per line\n');
  process.exit(files.length === 0 ? 2 : 0);
}

const manifests = new Map<string, ManifestRead | undefined>();
function manifestFor(file: string): ManifestRead | undefined {
  const dir = dirname(file);
  if (!manifests.has(dir)) {
    const path = join(dir, 'manifest.csv');
    manifests.set(dir, existsSync(path) ? parseManifest(readFileSync(path, 'utf8')) : undefined);
  }
  return manifests.get(dir);
}

for (const file of files) {
  let bytes: Uint8Array;
  try {
    if (statSync(file).isDirectory()) throw new Error('is a directory');
    bytes = readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stdout.write(JSON.stringify({ file, status: 'failed', error: { code: 'unreadable', message_zh: `无法读取文件：${reason}`, message_en: `Cannot read the file: ${reason}` } }) + '\n');
    continue;
  }
  process.stdout.write(JSON.stringify(cliRecord(await parseDocument(bytes, file, { manifest: manifestFor(file) }))) + '\n');
}
