// Publishing a build all at once. Each build is written complete into a folder of its own in the
// store (`<store>/.build-XXXX` while it is written, renamed `<store>/build-<time>-XXXX` when it
// is whole); the output folder is a symbolic link to the current build, switched with one
// rename of a new link over it. A build killed at any instant leaves the output either the whole
// old build or the whole new one; what it left in the store is removed by the next build.
//
// The store is never inside the output's parent folder by default of the command line (public/
// is copied by `vite build`): scripts/build-data.ts keeps it in .cache/output.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

const TEMP_PREFIX = '.build-';
const LINK_PREFIX = '.link-';
const BUILD_PREFIX = 'build-';
const LEGACY_PREFIX = 'legacy-';

/** The store when none is given: beside the output folder. */
export function defaultStore(outDir: string): string {
  return `${resolve(outDir)}.builds`;
}

/** The build folder the output links to, or null (no output yet, or a plain folder of an older build). */
export function currentBuild(outDir: string): string | null {
  try {
    if (!lstatSync(outDir).isSymbolicLink()) return null;
    return resolve(dirname(outDir), readlinkSync(outDir));
  } catch {
    return null;
  }
}

/**
 * Before a build: the store exists, and what killed builds left is gone: folders being written
 * (`.build-*`), links not yet switched (`.link-*`), builds that are not the current output;
 * and `.build-*` folders that older versions left inside a plain output folder.
 */
export function prepareStore(outDir: string, store: string, log: (line: string) => void = () => {}): void {
  mkdirSync(store, { recursive: true });
  mkdirSync(dirname(resolve(outDir)), { recursive: true });
  const current = currentBuild(outDir);
  for (const name of readdirSync(store)) {
    const path = join(store, name);
    const ours = name.startsWith(TEMP_PREFIX) || name.startsWith(LINK_PREFIX) || name.startsWith(BUILD_PREFIX) || name.startsWith(LEGACY_PREFIX);
    if (!ours || path === current) continue;
    if (name.startsWith(TEMP_PREFIX) || name.startsWith(LINK_PREFIX)) log(`removing ${path}, left by a build that did not finish`);
    rmSync(path, { recursive: true, force: true });
  }
  if (!current && existsSync(outDir) && lstatSync(outDir).isDirectory()) {
    for (const name of readdirSync(outDir)) {
      if (name.startsWith(TEMP_PREFIX)) {
        log(`removing ${join(outDir, name)}, left by a build that did not finish`);
        rmSync(join(outDir, name), { recursive: true, force: true });
      }
    }
  }
}

/** A new folder to write a build into. */
export function newBuildFolder(store: string): string {
  return mkdtempSync(join(store, TEMP_PREFIX));
}

/**
 * Makes the complete build in `temp` the output: renames it to its final name, then points the
 * output at it with one rename of a new link over the old one. The previous build is kept (a
 * reader may still be reading it) until the next build starts; older ones are removed.
 */
export function publish(temp: string, outDir: string, store: string, onStage: (stage: PublishStage) => void = () => {}): string {
  const out = resolve(outDir);
  const previous = currentBuild(out);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const final = join(store, `${BUILD_PREFIX}${stamp}-${basename(temp).slice(TEMP_PREFIX.length)}`);
  renameSync(temp, final);
  onStage('renamed');
  // The link is made in the store (never beside the output, e.g. in public/) and renamed into place.
  const link = join(store, `${LINK_PREFIX}${basename(final)}`);
  symlinkSync(relative(dirname(out), final), link, 'dir');
  onStage('linked');
  if (existsSync(out) && !lstatSync(out).isSymbolicLink()) {
    // An output folder of an older build (or an empty folder): moved aside once, then linked.
    renameSync(out, join(store, `${LEGACY_PREFIX}${stamp}`));
  }
  try {
    renameSync(link, out);
  } catch (error) {
    // Another file system: the link must be made beside the output.
    if ((error as { code?: string }).code !== 'EXDEV') throw error;
    const beside = join(dirname(out), `.${basename(out)}${LINK_PREFIX}${basename(final)}`);
    rmSync(link, { force: true });
    symlinkSync(relative(dirname(out), final), beside, 'dir');
    renameSync(beside, out);
  }
  onStage('switched');
  for (const name of readdirSync(store)) {
    const path = join(store, name);
    if (path === final || path === previous) continue;
    if (name.startsWith(BUILD_PREFIX) || name.startsWith(LEGACY_PREFIX)) rmSync(path, { recursive: true, force: true });
  }
  return final;
}

export type PublishStage = 'renamed' | 'linked' | 'switched';

/** Removes an output and every build of its store (tests, scripts). */
export function removeOutput(outDir: string, store = defaultStore(outDir)): void {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(store, { recursive: true, force: true });
}
