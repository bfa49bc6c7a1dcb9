// The agency page's source text in one piece of work: for an agency (and a year), its report from
// the agency index, then that report's text (index file, one Range request); or a named report's
// text. Run in a worker (src/app/source-worker.ts): the three requests follow each other there,
// not in the page's task queue, where each answer waited for the page's redraw of the new
// agency (its timeline, its tables) before the next request could leave. Pure apart from the
// fetch function, which is passed in (tests give their own).
import { loadAgencyReports, reportOfIndex } from './agency-index.ts';
import { loadSource, type SourceResult } from './sources.ts';

/** `data` is the data folder's URL, ending with '/'. */
export type SourceAsk =
  | { ticket: number; data: string; agency: string; year: number | null }
  | { ticket: number; data: string; report: string };

export interface SourceAnswer {
  ticket: number;
  /** The report the text is of; null when the agency index does not know the agency (the page then waits for the database). */
  reportId: string | null;
  result: SourceResult | null;
}

export async function answerSource(ask: SourceAsk, fetcher?: typeof fetch): Promise<SourceAnswer> {
  let reportId: string | null;
  if ('report' in ask) reportId = ask.report;
  else {
    const entries = await loadAgencyReports(ask.data, ask.agency, fetcher);
    reportId = entries ? reportOfIndex(entries, ask.year) : null;
  }
  if (!reportId) return { ticket: ask.ticket, reportId: null, result: null };
  let result: SourceResult;
  try {
    result = await loadSource(`${ask.data}sources/`, reportId, fetcher);
  } catch (e) {
    result = { state: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  return { ticket: ask.ticket, reportId, result };
}
