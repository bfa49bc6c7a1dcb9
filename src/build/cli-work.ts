// The parse command's job for one file (scripts/parse.ts): its JSON line, read under the same
// bounds as the build (inputs.ts reads; the pool's thread gives the time and memory budget).
// Manifests are those of each file's own folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument, parseReport } from '../format/parse.ts';
// PDF and Word readers register themselves with parseDocument.
import '../format/readers.ts';
import { parseManifest, type ManifestRead } from '../format/manifest.ts';
import { cliRecord } from '../format/output.ts';
import type { Report } from '../format/report.ts';
import { readInput, statInput } from './inputs.ts';
import type { Parsed, Task } from './work.ts';

export class CliWorker {
  private readonly manifests = new Map<string, ManifestRead | undefined>();

  async run(task: Task): Promise<Parsed> {
    const checked = statInput(task);
    const read = readInput(checked);
    if (!read.ok) {
      const { code, zh, en } = read.reason;
      return this.failed(task, code ?? 'unreadable', `无法读取文件：${zh}`, `Cannot read the file: ${en}`);
    }
    try {
      return line(task.file, await parseDocument(read.bytes, task.file, { manifest: this.manifestFor(task.path) }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return this.failed(task, 'internal_error', `解析器内部错误：${message}`, `Internal parser error: ${message}`);
    }
  }

  failed(task: Task, code: string, zh: string, en: string): Parsed {
    const report: Report = { ...parseReport(new Uint8Array(0), task.file, { manifest: this.manifestFor(task.path) }), error: { code, message_zh: zh, message_en: en } };
    return line(task.file, report);
  }

  private manifestFor(path: string): ManifestRead | undefined {
    const dir = dirname(path);
    if (!this.manifests.has(dir)) {
      const manifest = join(dir, 'manifest.csv');
      let read: ManifestRead | undefined;
      try {
        read = existsSync(manifest) ? parseManifest(readFileSync(manifest, 'utf8')) : undefined;
      } catch {
        read = undefined;
      }
      this.manifests.set(dir, read);
    }
    return this.manifests.get(dir);
  }
}

function line(file: string, report: Report): Parsed {
  return { file, key: null, kp: null, hit: false, line: JSON.stringify(cliRecord(report)) };
}
