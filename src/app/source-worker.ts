// The worker that fetches the agency page's source text (src/app/source-fetch.ts), off the main thread.
import { answerSource, type SourceAsk } from './source-fetch.ts';

self.onmessage = (event: MessageEvent<SourceAsk>) => {
  // What the index says first (the page's heading), then the text.
  void answerSource(event.data, undefined, (choice) => self.postMessage(choice)).then((answer) => self.postMessage(answer));
};
