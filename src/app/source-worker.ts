// The worker that fetches the agency page's source text (src/app/source-fetch.ts), off the main thread.
import { warmAgencyIndex } from './agency-index.ts';
import { answerSource, type SourceAsk } from './source-fetch.ts';

self.onmessage = (event: MessageEvent<SourceAsk | { warm: string }>) => {
  const ask = event.data;
  // As the agency page opens: the agency index's header, so that a lookup is one small Range request.
  if ('warm' in ask) {
    warmAgencyIndex(ask.warm);
    return;
  }
  // What the index says first (the page's heading), then the text.
  void answerSource(ask, undefined, (choice) => self.postMessage(choice)).then((answer) => self.postMessage(answer));
};
