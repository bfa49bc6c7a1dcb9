// The dashboard's data: the build's small summary first (so the first charts need no
// database), then DuckDB-wasm over the Parquet files once it is ready.
//
// The summary carries either `overview` (one entry per report, small corpora: every filter can be
// answered before the database) or only `first_paint` (the SQL results of the unfiltered default
// view, large corpora). The Parquet of each table is one file or, in a partitioned layout, the
// list summary.json `layout` names; DuckDB loads small tables into memory and reads large ones
// with HTTP range requests (src/db/duckdb.ts).
import type { Db, Param, TableMode, TableSource } from '../db/duckdb.ts';
import { NO_FILTERS } from '../db/predicates.ts';
import { outcomeListTable, outcomesByAgency, type Query } from '../db/queries.ts';
import { Schedule, type Ask } from '../db/schedule.ts';
import type { FirstPaintBlock, OverviewEntry } from './overview.ts';
import { checkSummary } from './summary-check.ts';

export type { OverviewEntry, FirstPaintBlock };

export const DATA_URL = `${import.meta.env.BASE_URL}data/`;
/** `facts` first: the charts and filters read it, and it is always held in memory. */
export const PARQUET_FILES = ['facts', 'reports', 'cells', 'checks'] as const;

export interface Summary {
  built_at: string;
  duration_ms: number;
  reports: number;
  rows: { reports: number; cells: number; checks: number };
  failed: { file: string; code: string; message_zh: string; message_en: string }[];
  warnings: string[];
  /** Files the build passed over by their name (dotfiles, README*, a manifest.csv in a sub-folder): the first 50; absent in older builds. */
  skipped?: { file: string; reason_zh: string; reason_en: string }[];
  /** How many files were passed over by name in all. */
  skipped_total?: number;
  status_counts: Record<string, number>;
  years: number[];
  files: { name: string; bytes: number }[];
  /** Per report, for corpora up to ~5,000 reports; absent above. */
  overview?: OverviewEntry[];
  /** The default view's SQL results, for corpora without `overview`. */
  first_paint?: FirstPaintBlock;
  /** The build's summaries under cube/ (paths under data/, e.g. cube/bins-regions.json); absent in builds before them. */
  cube?: { files: { name: string; bytes: number }[] };
  /** Table -> its Parquet files (paths under data/), for a partitioned layout. Absent: <table>.parquet. */
  layout?: {
    layout?: 'single' | 'by_year';
    reports?: string[];
    facts?: string[];
    cells?: string[];
    checks?: string[];
    /** Present when the reports files are hive-partitioned and lack the column. */
    partition?: { column: string; type: 'INTEGER' | 'BIGINT' | 'VARCHAR'; null_value: string };
  };
}

/** Each table's files (URLs) and total size, from summary.json `layout` and `files`. */
export function tableSources(summary: Summary | null): Record<string, TableSource> {
  const bytesOf = new Map((summary?.files ?? []).map((f) => [f.name.replace(/^\.?\//, ''), f.bytes]));
  return Object.fromEntries(PARQUET_FILES.map((table) => {
    const listed: unknown = summary?.layout?.[table];
    const paths = (Array.isArray(listed) && listed.length ? listed.map(String) : typeof listed === 'string' ? [listed] : [`${table}.parquet`])
      .map((p) => p.replace(/^\.?\//, ''));
    const sizes = paths.map((p) => bytesOf.get(p));
    const bytes = sizes.every((b) => b !== undefined) ? sizes.reduce((a: number, b) => a + (b as number), 0) : undefined;
    const part = summary?.layout?.partition;
    const hive = table === 'reports' && part && paths.length > 0 && paths.every((p) => p.includes(`${part.column}=`))
      ? { column: part.column, type: part.type, nullValue: part.null_value } : undefined;
    const memory = table === 'facts' ? { alwaysMemory: true } : {};
    return [table, { urls: paths.map((p) => `${DATA_URL}${p}`), bytes, ...memory, ...(hive ? { hive } : {}) }];
  }));
}

/** `?engine=memory|range` forces one way of reading the Parquet (for benchmarks). */
function forcedMode(): TableMode | undefined {
  if (typeof window === 'undefined') return undefined;
  const m = new URLSearchParams(window.location.search).get('engine');
  return m === 'memory' || m === 'range' ? m : undefined;
}

type Stage = 'loading' | 'ready' | 'error';

/** Up to this many reports the outcomes list gets its own narrow table (DataStore.prepareOutcomeList). */
export const OUTCOME_LIST_MAX_REPORTS = 300_000;

/** The outcomes list's warm-up query waits for the database to be this long without work (prepareOutcomeList). */
export const WARM_UP_QUIET_MS = 2000;

/** summary.json must arrive within this (it is small; a server that never answers must not leave the page waiting). */
export const SUMMARY_DEADLINE_MS = 30_000;

class DataStore {
  /** Raw (replaced whole, never changed in place): no proxy around every overview entry. */
  summary = $state.raw<Summary | null>(null);
  summaryError = $state<{ zh: string; en: string } | null>(null);
  dbStage = $state<Stage>('loading');
  /** Human-readable progress of the database start, e.g. "wasm", "load:reports". */
  dbProgress = $state<string>('');
  dbError = $state<{ zh: string; en: string } | null>(null);
  /** Bumped when the database becomes ready, so views re-run their queries against it. */
  generation = $state(0);
  /** True once the outcomes list's narrow table exists (prepareOutcomeList): its query reads that. */
  outcomeList = $state(false);
  #outcomeListAsked = false;
  /** How each table is read ('memory' or 'range'), once the database is ready. */
  modes: Record<string, TableMode> = {};
  #db: Db | null = null;
  /** One query at a time to the worker, the superseded ones dropped before they run. */
  #schedule = new Schedule((q) => {
    if (!this.#db) return Promise.reject(new Error('database not ready'));
    return this.#db.query(q.sql, q.params);
  });

  /**
   * A second DuckDB (its own worker) for the queries of one report's page that read the large
   * tables by HTTP range — the report's row, its cells, its checks, the checks across its years:
   * 0.1–3 s each at 100,000 reports, one column chunk per request. On the page's database they
   * held the worker, and the next agency's timeline (a query on the in-memory facts, ~30 ms)
   * waited behind them; here they wait only for each other. Opened on first use, every table
   * read by range (facts too: only the checks across years join it, for a few reports).
   */
  #reportsDb: Promise<Db> | null = null;
  #reportsSchedule = new Schedule(async (q) => (await this.#openReportsDb()).query(q.sql, q.params));

  #openReportsDb(): Promise<Db> {
    if (!this.#reportsDb) {
      const opening = import('../db/duckdb.ts').then(({ openDatabase }) => {
        const { reports, cells, checks, facts } = tableSources(this.summary);
        return openDatabase({ parquet: { reports, cells, checks, facts }, mode: 'range' });
      });
      // A failure is the asking view's error; the next question tries again.
      opening.catch(() => {
        if (this.#reportsDb === opening) this.#reportsDb = null;
      });
      this.#reportsDb = opening;
    }
    return this.#reportsDb;
  }

  #summaryLoad: Promise<void> | null = null;

  /** Fetches summary.json, once (src/app/early-view.ts may ask before App.svelte does). */
  loadSummary(): Promise<void> {
    return (this.#summaryLoad ??= this.#loadSummary());
  }

  async #loadSummary(): Promise<void> {
    const url = `${DATA_URL}summary.json`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), SUMMARY_DEADLINE_MS);
    try {
      const res = await fetch(url, { signal: abort.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const json: unknown = await res.json();
      const problem = checkSummary(json);
      if (problem) {
        this.summaryError = { zh: `${url}：${problem.zh}`, en: `${url}: ${problem.en}` };
        return;
      }
      this.summary = json as Summary;
    } catch (e) {
      const seconds = SUMMARY_DEADLINE_MS / 1000;
      const message = e instanceof Error ? e.message : String(e);
      this.summaryError = abort.signal.aborted
        ? { zh: `${url} 在 ${seconds} 秒内未能下载完成`, en: `${url} did not arrive within ${seconds} s` }
        : { zh: `${url}：${message}`, en: `${url}: ${message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  async startDatabase(): Promise<void> {
    try {
      // Loaded on demand: DuckDB's JavaScript is not needed to draw the first charts.
      const { openDatabase } = await import('../db/duckdb.ts');
      this.#db = await openDatabase({
        parquet: tableSources(this.summary),
        mode: forcedMode(),
        onProgress: (stage) => (this.dbProgress = stage),
      });
      this.modes = this.#db.modes;
      // For bench/site/profile.ts only (it sets __dbTrace before the page starts): a query run
      // directly, outside the views and the schedule, to time the worker alone.
      const g = globalThis as { __dbTrace?: unknown; __dbRun?: (sql: string, params?: Param[]) => Promise<unknown[]> };
      if (Array.isArray(g.__dbTrace)) g.__dbRun = (sql, params = []) => this.#db!.query(sql, params);
      if (typeof document !== 'undefined') document.documentElement.dataset.dbModes = JSON.stringify(this.modes);
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

  /**
   * Makes the outcomes list's narrow table (queries.ts outcomeListTable), once, after the views'
   * own questions (lowest priority), for corpora up to OUTCOME_LIST_MAX_REPORTS (above, making it
   * would hold the worker for seconds; the list reads facts). A failure leaves the list on facts.
   * Then, still at the lowest priority, the list's query once over every report: the first large
   * sort of a page is slow in DuckDB-wasm (its TOP_N took 0.70 s the first time, 0.06 s the second,
   * same query: bench/site/runs/2026-11-28-100k-sort-warmup.txt), better paid while the visitor
   * reads than on the first state the build's lists do not hold (two filters, another sort or
   * page). In an A/B of such changes, the first large one took 354–507 ms without this and
   * 75–119 ms with it (…-100k-combined-warmup-ab.txt). It cannot be stopped once sent (~0.5 s), so
   * it waits until the database has had nothing to do for WARM_UP_QUIET_MS: a visitor acting
   * meanwhile is not kept waiting behind it (…-100k-rev9-warmup-blocks-user.txt: a name search
   * right after the table, 0.7–1.0 s without a warm-up, 1.8–2.0 s behind one sent at once).
   */
  prepareOutcomeList(): void {
    if (this.#outcomeListAsked || !this.#db) return;
    if ((this.summary?.reports ?? Infinity) > OUTCOME_LIST_MAX_REPORTS) return;
    this.#outcomeListAsked = true;
    const low = { priority: -2 };
    void (async () => {
      const [{ n }] = (await this.#schedule.run({ sql: 'SELECT COUNT(*)::DOUBLE AS n FROM facts', params: [] }, low)) as { n: number }[];
      // One slice at a time, each queued behind whatever the views ask meanwhile.
      for (const sql of outcomeListTable(Number(n))) await this.#schedule.run({ sql, params: [] }, low);
      this.outcomeList = true;
      while (this.#schedule.idleMs < WARM_UP_QUIET_MS) await new Promise((r) => setTimeout(r, 250));
      await this.#schedule.run(outcomesByAgency(NO_FILTERS, 'granted', 50, 0, true), low);
    })().catch(() => {});
  }

  /** summary.json's per-report overview, or null for a large corpus (first_paint only). */
  get overview(): OverviewEntry[] | null {
    return this.summary?.overview ?? null;
  }

  get ready(): boolean {
    return this.dbStage === 'ready';
  }

  /**
   * Run a query on the report tables (reports, cells, checks; facts joined) on the second
   * database, which opens on the first call; rejects as `run` does.
   */
  async runReports<T = Record<string, unknown>>(query: Query, ask?: Ask): Promise<T[]> {
    if (!this.#db) throw new Error('database not ready');
    return (await this.#reportsSchedule.run(query, ask)) as T[];
  }

  /** Run a query; rejects when the database is not ready, or when `ask.wanted()` turned false before it ran. */
  async run<T = Record<string, unknown>>(query: Query, ask?: Ask): Promise<T[]> {
    if (!this.#db) throw new Error('database not ready');
    return (await this.#schedule.run(query, ask)) as T[];
  }
}

export const data = new DataStore();
