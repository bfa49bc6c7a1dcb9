// An app build (vite's dist/) served over an already-built site's data: the app's files copied
// into a new folder under .cache/, the site's data/ hard-linked beside them (no copy of the
// Parquet), and one precompression manifest holding the data's entries and the app's. Used by
// ab.ts (two app builds on the same data) and profile.ts.
import { cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_FILE as MANIFEST } from '../../src/server/precompress.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The new folder (under .cache/, named `prefix`…): the caller removes it. */
export function servedFolder(app: string, site: string, prefix: string): string {
  const temp = mkdtempSync(join(ROOT, '.cache', prefix));
  for (const item of readdirSync(app)) if (item !== 'data' && item !== MANIFEST) cpSync(join(app, item), join(temp, item), { recursive: true });
  const link = (from: string, to: string) => {
    if (statSync(from).isDirectory()) {
      mkdirSync(to, { recursive: true });
      for (const item of readdirSync(from)) link(join(from, item), join(to, item));
    } else linkSync(from, to);
  };
  link(join(site, 'data'), join(temp, 'data'));
  const siteFiles = (JSON.parse(readFileSync(join(site, MANIFEST), 'utf8')) as { files: Record<string, unknown> }).files;
  const appManifest = JSON.parse(readFileSync(join(app, MANIFEST), 'utf8')) as { files: Record<string, unknown> };
  const data = Object.fromEntries(Object.entries(siteFiles).filter(([k]) => k.startsWith('data/')));
  writeFileSync(join(temp, MANIFEST), JSON.stringify({ ...appManifest, files: { ...data, ...appManifest.files } }));
  return temp;
}
