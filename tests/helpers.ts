import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '../src/format/parse.ts';
import type { Report } from '../src/format/report.ts';

export const ROOT = join(import.meta.dirname, '..');
export const SEEDS = ['000_91b38fa976f5289e.txt', '001_0f68198b50857d74.txt', '002_54ed621f2e25daf5.txt', '003_837e2621b604486e.txt', '004_55d435d651c286e9.txt'];

export function readFixture(...path: string[]): Buffer {
  return readFileSync(join(ROOT, 'tests', 'fixtures', ...path));
}

export function parseSeed(name: string): Report {
  return parseReport(readFileSync(join(ROOT, 'data', 'reports', name)), `data/reports/${name}`);
}

export function parseText(text: string, name = 'report.txt'): Report {
  return parseReport(new TextEncoder().encode(text), name);
}

export function seedText(name: string): string {
  return readFileSync(join(ROOT, 'data', 'reports', name), 'utf8');
}
