// What the project ships and what it only uses to measure: every query of src/db/queries.ts is
// asked by the app, and the packages that serve only bench/ are devDependencies.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as queries from '../src/db/queries.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|svelte|mjs)$/.test(name) ? [path] : [];
  });
}

const APP = [...files('src'), ...files('scripts'), 'vite.config.ts'];
const text = new Map(APP.map((f) => [f, readFileSync(f, 'utf8')]));

describe('src/db/queries.ts', () => {
  it('exports no query the app does not ask', () => {
    const others = APP.filter((f) => f !== join('src', 'db', 'queries.ts'));
    const functions = Object.entries(queries).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    const own = text.get(join('src', 'db', 'queries.ts'))!;
    const unused = functions.filter((name) => {
      // the name as an identifier (not inside a word, a string, a path or a CSS class)
      const word = new RegExp(`(?<![\\w.'"/-])${name}(?![\\w'":/-])`, 'g');
      // used elsewhere, or called inside queries.ts by another function
      const called = new RegExp(`(?<!function )(?<![\\w.])${name}\\(`);
      return !others.some((f) => new RegExp(word).test(text.get(f)!)) && !called.test(own);
    });
    expect(unused).toEqual([]);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; dev?: boolean }> };
  const imports = (name: string) => APP.some((f) => new RegExp(`(from|import\\()\\s*['"]${name.replace(/[/.]/g, '\\$&')}(/[^'"]*)?['"]`).test(text.get(f)!));

  it('the packages only bench/engine uses are devDependencies, in package.json and the lock file', () => {
    for (const name of ['apache-arrow', 'hyparquet', 'hyparquet-compressors']) {
      expect(imports(name), `${name} imported by the app`).toBe(false);
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.devDependencies[name], name).toBeDefined();
      expect(lock.packages[''].devDependencies?.[name], `lock ${name}`).toBe(pkg.devDependencies[name]);
      expect(lock.packages[`node_modules/${name}`].dev, `lock ${name} dev`).toBe(true);
    }
  });

  it('every runtime dependency is imported by the app, its build or its scripts', () => {
    // vite and its svelte plugin run `npm start`; the DuckDB node client runs build:data.
    const unused = Object.keys(pkg.dependencies).filter((name) => !imports(name));
    expect(unused).toEqual([]);
  });
});
