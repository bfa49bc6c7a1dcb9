// The agency page's source text in one piece of work: for an agency (and a year), its report and
// the place of its text from the agency index, then the text (one Range request); or a named
// report's text (the sources' index file, then one Range request). Run in a worker
// (src/app/source-worker.ts): the requests follow each other there, not in the page's task queue,
// where each answer waited for the page's redraw of the new agency (its timeline, its tables)
// before the next request could leave. Pure apart from the
// fetch function, which is passed in (tests give their own).
import { lookupAgency, placeOfReport, reportOfIndex, type SourcePlace } from './agency-index.ts';
import { loadSource, loadSourceAt, type SourceResult } from './sources.ts';

/** `data` is the data folder's URL, ending with '/'. */
export type SourceAsk =
  | { ticket: number; data: string; agency: string; year: number | null; choiceOnly?: boolean }
  | { ticket: number; data: string; report: string };

export interface SourceAnswer {
  ticket: number;
  /** The report the text is of; null when the agency index does not know the agency (the page then waits for the database). */
  reportId: string | null;
  result: SourceResult | null;
}

/**
 * What the agency index says of an agency, sent ahead of the text (whose request then leaves): the
 * page's heading needs the name, not the text, and a link with an id no agency has can be redirected.
 */
export interface SourceChoice {
  ticket: number;
  choice: true;
  /** The index lists the agency (true), was read and does not (false), or could not be read (null). */
  known: boolean | null;
  reportId: string | null;
  /** The agency's name from the index (null: not known, or a build without names). */
  name: string | null;
  /** The chosen report's year. */
  year: number | null;
}

/** `onChoice`: for an agency, what the index says of it, as soon as it is read. */
export async function answerSource(ask: SourceAsk, fetcher?: typeof fetch, onChoice?: (choice: SourceChoice) => void): Promise<SourceAnswer> {
  let reportId: string | null;
  // From the agency index, the text's place too (a build before it had none: then the sources' index).
  let place: SourcePlace | null = null;
  if ('report' in ask) reportId = ask.report;
  else {
    const found = await lookupAgency(ask.data, ask.agency, fetcher);
    const agency = found.state === 'found' ? found.agency : null;
    reportId = agency ? reportOfIndex(agency.entries, ask.year) : null;
    if (agency && reportId) place = placeOfReport(agency, reportId);
    onChoice?.({
      ticket: ask.ticket, choice: true, known: found.state === 'unknown' ? null : found.state === 'found', reportId,
      name: agency?.name ?? null, year: agency?.entries.find((e) => e[0] === reportId)?.[1] ?? null,
    });
    // Only whether the index lists the agency (an id tried for a link of an older build): no text.
    if (ask.choiceOnly) return { ticket: ask.ticket, reportId, result: null };
  }
  if (!reportId) return { ticket: ask.ticket, reportId: null, result: null };
  let result: SourceResult;
  try {
    const base = `${ask.data}sources/`;
    // The place first; if its bytes are not the text (the site was rebuilt since this page read the
    // agency index: shard names are reused) or its request fails, the sources' own index decides.
    const direct = place ? await loadSourceAt(base, place.shard, place.offset, place.length, fetcher, place.check).catch(() => null) : null;
    result = direct?.state === 'done' ? direct : await loadSource(base, reportId, fetcher);
  } catch (e) {
    result = { state: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  return { ticket: ask.ticket, reportId, result };
}
