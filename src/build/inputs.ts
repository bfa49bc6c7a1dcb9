// The reports folder → the list of input files, and each file → its bytes. Nothing here
// throws for one bad file: what cannot be read becomes an input with the reason attached.
import { closeSync, constants, fstatSync, opendirSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { hash } from 'node:crypto';
import { MAX_FILE_BYTES } from '../format/limits.ts';

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
  return skipReason(name) !== null;
}

/** Why a file or folder of this name is not read as a report, or null; `nested`: it sits in a sub-folder. */
export function skipReason(name: string, nested = false): Reason | null {
  if (name.startsWith('.')) return { zh: '以点开头的隐藏文件或文件夹', en: 'a hidden file or folder (its name starts with a dot)' };
  if (name.toLowerCase() === 'manifest.csv' && nested) {
    return { zh: '子文件夹中的元数据清单（manifest.csv）：只读取报告文件夹顶层的 manifest.csv，此文件中的条目未被采用；请把其中各行并入顶层的清单', en: "a metadata manifest (manifest.csv) in a sub-folder: only the top folder's manifest.csv is read, so its entries were not applied; move its rows into the top one" };
  }
  if (name.toLowerCase() === 'manifest.csv') return { zh: '元数据清单（manifest.csv），不是报告', en: 'the metadata manifest (manifest.csv), not a report' };
  if (/^readme/i.test(name)) return { zh: '说明文件（README），不是报告', en: 'a README, not a report' };
  return null;
}

/** Called for every entry that is not read because of its name (manifest.csv of the top folder excepted). */
export type OnSkip = (file: string, reason: Reason) => void;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LOSSY = new TextDecoder('utf-8');

/** A directory entry's name: the name, or null with a lossy rendering when its bytes are not UTF-8. */
function entryName(raw: Buffer | string): { name: string; valid: boolean } {
  if (typeof raw === 'string') return { name: raw, valid: true };
  try {
    return { name: UTF8.decode(raw), valid: true };
  } catch {
    return { name: LOSSY.decode(raw), valid: false };
  }
}

const BAD_NAME: Reason = {
  zh: '文件名不是有效的 UTF-8 编码，无法按名称读取；请重命名该文件',
  en: 'the file name is not valid UTF-8 and cannot be read by name; rename the file',
  code: 'bad_file_name',
};

/** Plain code-point order, the same on every machine and locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every report file under `dir`, recursively, sorted by `file`. Symbolic links are followed
 * (a link cycle is visited once), but not to a folder outside `dir` (listed as one unreadable
 * input); dotfiles and dot-folders, manifest.csv and README* are skipped.
 * Throws only when `dir` itself is not a readable folder.
 */
export function listInputs(dir: string, onSkip?: OnSkip): Input[] {
  const root = statSync(dir);
  if (!root.isDirectory()) throw new Error(`${dir} is not a directory`);
  const inputs: Input[] = [];
  const top = realpathSync(dir);
  const seen = new Set<string>([top]);

  const walk = (path: string, prefix: string) => {
    let names: string[];
    try {
      names = [];
      for (const raw of readdirSync(path, { encoding: 'buffer' })) {
        const { name, valid } = entryName(raw);
        if (valid) names.push(name);
        else inputs.push({ file: prefix + name, path: join(path, name), unreadable: BAD_NAME });
      }
    } catch (error) {
      // A sub-folder we may not list: it still shows up, as one unreadable input.
      if (prefix) inputs.push({ file: prefix.replace(/\/$/, ''), path, unreadable: reason(error) });
      else throw error;
      return;
    }
    for (const name of names.sort(byCodePoint)) {
      const skip = skipReason(name, prefix !== '');
      if (skip) {
        if (!(prefix === '' && name.toLowerCase() === 'manifest.csv')) onSkip?.(prefix + name, skip);
        continue;
      }
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
        if (!within(top, real)) {
          inputs.push({ file, path: child, unreadable: linkOutside(real) });
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
export function* walkInputs(dir: string, onSkip?: OnSkip): Generator<Input> {
  const root = statSync(dir);
  if (!root.isDirectory()) throw new Error(`${dir} is not a directory`);
  const top = realpathSync(dir);
  const seen = new Set<string>([top]);
  // Folders still to visit (depth first); only folders are kept, never the files of one.
  const stack: { path: string; prefix: string }[] = [{ path: dir, prefix: '' }];
  while (stack.length) {
    const { path, prefix } = stack.pop()!;
    let handle;
    try {
      // Names as bytes (the types only allow text encodings; Node accepts 'buffer').
      handle = opendirSync(path, { bufferSize: 256, encoding: 'buffer' as BufferEncoding });
    } catch (error) {
      if (prefix) {
        yield { file: prefix.replace(/\/$/, ''), path, unreadable: reason(error) };
        continue;
      }
      throw error;
    }
    try {
      for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
        const { name, valid } = entryName(entry.name as unknown as Buffer);
        const skip = skipReason(name, prefix !== '');
        if (skip) {
          if (!(prefix === '' && name.toLowerCase() === 'manifest.csv')) onSkip?.(prefix + name, skip);
          continue;
        }
        const child = join(path, name);
        const file = prefix + name;
        // Node cannot open a path whose name is not UTF-8 by its (lossy) string: say so.
        if (!valid) {
          yield { file, path: child, unreadable: BAD_NAME };
          continue;
        }
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
          if (!within(top, real)) {
            yield { file, path: child, unreadable: linkOutside(real) };
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

/** Whether the real path `real` is the folder `top` (a real path too) or inside it. */
function within(top: string, real: string): boolean {
  return real === top || real.startsWith(top.endsWith(sep) ? top : top + sep);
}

/**
 * A link to a folder outside the reports folder is not followed: one to / (or to a home folder)
 * had the build walk and read the whole disk, /proc included, and publish the texts (hos17).
 */
function linkOutside(real: string): Reason {
  return {
    zh: `指向报告文件夹之外的文件夹的链接（指向 ${real}），未跟随；请把其中的报告复制到报告文件夹中`,
    en: `a link to a folder outside the reports folder (to ${real}): not followed; copy the reports it holds into the reports folder`,
    code: 'link_outside',
  };
}

/** An input given by path (the parse command): a folder or a name that is not UTF-8 is marked unreadable. */
export function statInput(input: Input): Input {
  if (input.unreadable) return input;
  try {
    if (statSync(input.path).isDirectory()) return { ...input, unreadable: { zh: '这是一个文件夹', en: 'is a directory', code: 'unreadable' } };
  } catch (error) {
    // Node hands over a name that is not UTF-8 with U+FFFD in place of its bytes: it cannot be opened.
    const missing = (error as { code?: string }).code === 'ENOENT';
    return { ...input, unreadable: missing && input.path.includes('\uFFFD') ? BAD_NAME : reason(error) };
  }
  return input;
}

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: Reason };

/**
 * The file's bytes. Opened without blocking (a FIFO that appeared since the listing cannot hang
 * the build), checked to be a regular file no larger than MAX_FILE_BYTES before a byte is read.
 */
export function readInput(input: Input, maxBytes = MAX_FILE_BYTES): ReadResult {
  if (input.unreadable) return { ok: false, reason: input.unreadable };
  let fd: number;
  try {
    fd = openSync(input.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: reason(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: NOT_REGULAR };
    if (stat.size > maxBytes) return { ok: false, reason: tooLarge(stat.size, maxBytes) };
    // Read what fstat promised, and one byte more to notice a file still growing.
    const bytes = Buffer.allocUnsafe(stat.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < bytes.length;) {
      got = readSync(fd, bytes, n, bytes.length - n, null);
      n += got;
    }
    if (n > stat.size) return { ok: false, reason: { zh: '文件在读取时仍在变大（正在写入？）', en: 'the file grew while it was read (still being written?)', code: 'changed_while_read' } };
    // Fewer bytes than fstat promised: cut short since (being rewritten?); read, it would pass for a report cut off.
    if (n < stat.size) return { ok: false, reason: { zh: `文件在读取时变小了（应为 ${stat.size} 字节，只读到 ${n} 字节；正在被改写？）`, en: `the file shrank while it was read (${stat.size} bytes stated, ${n} read; being rewritten?)`, code: 'changed_while_read' } };
    return { ok: true, bytes: bytes.subarray(0, n) };
  } catch (error) {
    return { ok: false, reason: reason(error) };
  } finally {
    closeSync(fd);
  }
}

export function tooLarge(size: number, max: number): Reason {
  return {
    zh: `文件过大（${size} 字节，上限 ${max} 字节），不像一份年度报告`,
    en: `the file is too large (${size} bytes, limit ${max} bytes) to be one annual report`,
    code: 'too_large',
  };
}

/** Hex SHA-256 (crypto.hash, one call: no Hash object per digest; a parsing thread takes three a file). */
export function sha256(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex');
}

/** Why a file cannot be read, in both languages; `code` when it is not 'unreadable'. */
export interface Reason {
  zh: string;
  en: string;
  code?: string;
}

export const NOT_REGULAR: Reason = { zh: '不是普通文件（是管道、套接字或设备）', en: 'not a regular file (a pipe, socket or device)', code: 'not_a_file' };

const KNOWN: Record<string, Reason> = {
  ENOENT: { zh: '文件不存在（已被删除，或是失效的链接）', en: 'no such file (deleted, or a dangling link)' },
  EACCES: { zh: '没有读取权限', en: 'permission denied' },
  EPERM: { zh: '操作不被允许', en: 'operation not permitted' },
  ELOOP: { zh: '符号链接层数过多（循环链接）', en: 'too many levels of symbolic links' },
  EISDIR: { zh: '这是一个文件夹', en: 'is a directory' },
  EIO: { zh: '磁盘读写错误', en: 'input/output error' },
  ENOSPC: { zh: '磁盘已满', en: 'no space left on the disk' },
  EMFILE: { zh: '打开的文件过多', en: 'too many open files' },
  ENAMETOOLONG: { zh: '路径过长（文件夹嵌套过深或名称过长）；请移到较短的路径下', en: 'the path is too long (folders nested too deep or names too long); move it to a shorter path' },
};

export function reason(error: unknown): Reason {
  const code = error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : null;
  if (code && KNOWN[code]) return { zh: `${KNOWN[code].zh}（${code}）`, en: `${KNOWN[code].en} (${code})` };
  const message = error instanceof Error ? error.message : String(error);
  return { zh: `系统错误：${message}`, en: message };
}
