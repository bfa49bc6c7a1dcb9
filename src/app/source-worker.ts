// The worker that fetches the agency page's source text (src/app/source-fetch.ts), off the main thread.
import { answerSource, type SourceAsk } from './source-fetch.ts';

self.onmessage = (event: MessageEvent<SourceAsk>) => {
  void answerSource(event.data).then((answer) => self.postMessage(answer));
};
