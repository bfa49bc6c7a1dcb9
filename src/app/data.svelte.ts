// The dashboard's data: the build's small summary first (so the first charts need no
// database), then DuckDB-wasm over the Parquet files once it is ready.
import type { Db } from '../db/duckdb.ts';
import type { Query } from '../db/queries.ts';
import type { OverviewEntry } from './overview.ts';

export type { OverviewEntry };

export const DATA_URL = `${import.meta.env.BASE_URL}data/`;
export const PARQUET_FILES = ['reports', 'cells', 'checks'] as const;

export interface Summary {
  built_at: string;
  duration_ms: number;
  reports: number;
  rows: { reports: number; cells: number; checks: number };
  failed: { file: string; code: string; message_zh: string; message_en: string }[];
  warnings: string[];
  status_counts: Record<string, number>;
  years: number[];
  files: { name: string; bytes: number }[];
  overview: OverviewEntry[];
}

type Stage = 'loading' | 'ready' | 'error';

class DataStore {
  summary = $state<Summary | null>(null);
  summaryError = $state<string | null>(null);
  dbStage = $state<Stage>('loading');
  /** Human-readable progress of the database start, e.g. "wasm", "load:reports". */
  dbProgress = $state<string>('');
  dbError = $state<{ zh: string; en: string } | null>(null);
  /** Bumped when the database becomes ready, so views re-run their queries against it. */
  generation = $state(0);
  #db: Db | null = null;

  async loadSummary(): Promise<void> {
    try {
      const res = await fetch(`${DATA_URL}summary.json`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.summary = (await res.json()) as Summary;
    } catch (e) {
      this.summaryError = e instanceof Error ? e.message : String(e);
    }
  }

  async startDatabase(): Promise<void> {
    try {
      // Loaded on demand: DuckDB's JavaScript is not needed to draw the first charts.
      const { openDatabase } = await import('../db/duckdb.ts');
      this.#db = await openDatabase({
        parquet: Object.fromEntries(PARQUET_FILES.map((t) => [t, `${DATA_URL}${t}.parquet`])),
        onProgress: (stage) => (this.dbProgress = stage),
      });
      this.dbStage = 'ready';
      this.generation++;
    } catch (e) {
      this.dbStage = 'error';
      const known = e as { zh?: unknown; en?: unknown };
      this.dbError = typeof known?.zh === 'string' && typeof known?.en === 'string'
        ? { zh: known.zh, en: known.en }
        : { zh: `数据库无法启动：${String(e)}`, en: `The database could not start: ${String(e)}` };
    }
  }

  get ready(): boolean {
    return this.dbStage === 'ready';
  }

  /** Run a query; rejects when the database is not ready. */
  async run<T = Record<string, unknown>>(query: Query): Promise<T[]> {
    if (!this.#db) throw new Error('database not ready');
    return this.#db.query<T>(query.sql, query.params);
  }
}

export const data = new DataStore();
