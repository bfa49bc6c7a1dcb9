// The page's side of src/app/source-worker.ts: ask for an agency's (or a report's) source text and
// get the answer as a promise. Without workers (or if the worker fails to start) the same work
// runs in the page, so the text still arrives.
import { DATA_URL } from './data.svelte.ts';
import { answerSource, type SourceAnswer, type SourceAsk, type SourceChoice } from './source-fetch.ts';

type Ask = { agency: string; year: number | null; choiceOnly?: boolean } | { report: string };
type OnChoice = (choice: SourceChoice) => void;

let worker: Worker | null | undefined;
let serial = 0;
let warmed = false;
const waiting = new Map<number, { ask: SourceAsk; resolve: (a: SourceAnswer) => void; onChoice?: OnChoice }>();

/** Without the worker: every question still waiting is answered in the page. */
function giveUp(): void {
  worker?.terminate();
  worker = null;
  for (const [ticket, w] of waiting) {
    waiting.delete(ticket);
    void answerSource(w.ask, undefined, w.onChoice).then(w.resolve);
  }
}

function workerOf(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./source-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<SourceAnswer | SourceChoice>) => {
      const w = waiting.get(event.data.ticket);
      if ('choice' in event.data) {
        w?.onChoice?.(event.data);
        return;
      }
      waiting.delete(event.data.ticket);
      w?.resolve(event.data);
    };
    worker.onerror = giveUp;
    worker.onmessageerror = giveUp;
  } catch {
    worker = null;
  }
  return worker;
}

/** Starts the worker ahead of the first question (its script is fetched and started once), which reads the agency index's header. */
export function warmSourceWorker(): void {
  if (typeof Worker === 'undefined') return;
  const w = workerOf();
  if (w && !warmed) {
    warmed = true;
    w.postMessage({ warm: new URL(DATA_URL, location.href).href });
  }
}

/** `onChoice`: for an agency, what the agency index says of it (its name, its report), before the text. */
export function askSource(ask: Ask, onChoice?: OnChoice): Promise<SourceAnswer> {
  const full: SourceAsk = { ...ask, ticket: ++serial, data: new URL(DATA_URL, location.href).href };
  const w = typeof Worker === 'undefined' ? null : workerOf();
  if (!w) return answerSource(full, undefined, onChoice);
  return new Promise((resolve) => {
    waiting.set(full.ticket, { ask: full, resolve, onChoice });
    w.postMessage(full);
  });
}
