// The reports folder → the list of input files, and each file → its bytes. Nothing here
// throws for one bad file: what cannot be read becomes an input with the reason attached.
import { opendirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

export interface Input {
  /** Path relative to the reports folder, with forward slashes: the report's `file`. */
  file: string;
  /** Path on disk. */
  path: string;
  /** Set when the entry is there but cannot be read as a file (dangling link, FIFO, permissions…). */
  unreadable?: Reason;
}

/** Files of the folder that are not reports. */
export function isSkipped(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase() === 'manifest.csv' || /^readme/i.test(name);
}

/** Plain code-point order, the same on every machine and locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every report file under `dir`, recursively, sorted by `file`. Symbolic links are followed
 * (a link cycle is visited once); dotfiles and dot-folders, manifest.csv and README* are skipped.
 * Throws only when `dir` itself is not a readable folder.
 */
export function listInputs(dir: string): Input[] {
  const root = statSync(dir);
  if (!root.isDirectory()) throw new Error(`${dir} is not a directory`);
  const inputs: Input[] = [];
  const seen = new Set<string>([realpathSync(dir)]);

  const walk = (path: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (error) {
      // A sub-folder we may not list: it still shows up, as one unreadable input.
      if (prefix) inputs.push({ file: prefix.replace(/\/$/, ''), path, unreadable: reason(error) });
      else throw error;
      return;
    }
    for (const name of names.sort(byCodePoint)) {
      if (isSkipped(name)) continue;
      const child = join(path, name);
      const file = prefix + name;
      let stat;
      try {
        stat = statSync(child); // follows links: a dangling link throws here
      } catch (error) {
        inputs.push({ file, path: child, unreadable: reason(error) });
        continue;
      }
      if (stat.isDirectory()) {
        let real: string;
        try {
          real = realpathSync(child);
        } catch (error) {
          inputs.push({ file, path: child, unreadable: reason(error) });
          continue;
        }
        if (seen.has(real)) continue;
        seen.add(real);
        walk(child, `${file}/`);
      } else if (stat.isFile()) {
        inputs.push({ file, path: child });
      } else {
        // FIFOs, sockets and devices: reading them could block or never end.
        inputs.push({ file, path: child, unreadable: NOT_REGULAR });
      }
    }
  };
  walk(dir, '');
  return inputs.sort((a, b) => byCodePoint(a.file, b.file));
}

/**
 * The same inputs as listInputs, yielded lazily in directory order (not sorted): a folder of a
 * million files is never held as one list. The build sorts its output in SQL.
 */
export function* walkInputs(dir: string): Generator<Input> {
  const root = statSync(dir);
  if (!root.isDirectory()) throw new Error(`${dir} is not a directory`);
  const seen = new Set<string>([realpathSync(dir)]);
  // Folders still to visit (depth first); only folders are kept, never the files of one.
  const stack: { path: string; prefix: string }[] = [{ path: dir, prefix: '' }];
  while (stack.length) {
    const { path, prefix } = stack.pop()!;
    let handle;
    try {
      handle = opendirSync(path, { bufferSize: 256 });
    } catch (error) {
      if (prefix) {
        yield { file: prefix.replace(/\/$/, ''), path, unreadable: reason(error) };
        continue;
      }
      throw error;
    }
    try {
      for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
        const name = entry.name;
        if (isSkipped(name)) continue;
        const child = join(path, name);
        const file = prefix + name;
        // Regular files need no stat (the common case); links and others are followed as listInputs does.
        if (entry.isFile()) {
          yield { file, path: child };
          continue;
        }
        let stat;
        try {
          stat = statSync(child);
        } catch (error) {
          yield { file, path: child, unreadable: reason(error) };
          continue;
        }
        if (stat.isDirectory()) {
          let real: string;
          try {
            real = realpathSync(child);
          } catch (error) {
            yield { file, path: child, unreadable: reason(error) };
            continue;
          }
          if (seen.has(real)) continue;
          seen.add(real);
          stack.push({ path: child, prefix: `${file}/` });
        } else if (stat.isFile()) {
          yield { file, path: child };
        } else {
          yield { file, path: child, unreadable: NOT_REGULAR };
        }
      }
    } finally {
      handle.closeSync();
    }
  }
}

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: Reason };

export function readInput(input: Input): ReadResult {
  if (input.unreadable) return { ok: false, reason: input.unreadable };
  try {
    return { ok: true, bytes: readFileSync(input.path) };
  } catch (error) {
    return { ok: false, reason: reason(error) };
  }
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Why a file cannot be read, in both languages. */
export interface Reason {
  zh: string;
  en: string;
}

const NOT_REGULAR: Reason = { zh: '不是普通文件（是管道、套接字或设备）', en: 'not a regular file (a pipe, socket or device)' };

const KNOWN: Record<string, Reason> = {
  ENOENT: { zh: '文件不存在（可能是失效的链接）', en: 'no such file (a dangling link?)' },
  EACCES: { zh: '没有读取权限', en: 'permission denied' },
  EPERM: { zh: '操作不被允许', en: 'operation not permitted' },
  ELOOP: { zh: '符号链接层数过多（循环链接）', en: 'too many levels of symbolic links' },
  EISDIR: { zh: '这是一个文件夹', en: 'is a directory' },
  EIO: { zh: '磁盘读写错误', en: 'input/output error' },
};

function reason(error: unknown): Reason {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : null;
  if (code && KNOWN[code]) return { zh: `${KNOWN[code].zh}（${code}）`, en: `${KNOWN[code].en} (${code})` };
  const message = error instanceof Error ? error.message : String(error);
  return { zh: `系统错误：${message}`, en: message };
}
