// DuckDB-wasm's own worker, with one thing added: a failure while it starts its wasm reaches the page.
//
// The worker (1.28) starts the wasm with `WebAssembly.instantiateStreaming(…).then(…)` and no catch:
// a truncated or corrupt wasm rejects a promise nobody awaits, `instantiate()` never settles, and the
// page waited for ENGINE_DEADLINE_MS before it could say anything. Such a rejection is not passed to the
// page's `Worker` (neither `error` nor `message`), so this worker passes it on itself, as a message
// DuckDB's client ignores (a LOG, which its VoidLogger drops) and openDatabase listens for.
//
// DuckDB's worker script is loaded as it ships (its own asset, not bundled into this one: bundling
// re-minifies its emscripten code, and the package's `sideEffects: false` drops a bare import of it).
import duckdbWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { ENGINE_FAILURE } from './engine-failure.ts';

self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  const reason = event.reason as { message?: unknown } | undefined;
  self.postMessage({ requestId: -1, messageId: -1, type: 'LOG', data: { [ENGINE_FAILURE]: String(reason?.message ?? reason) } });
});

// The page may post before DuckDB's script has set `onmessage`: hold those messages, then hand them on.
const early: MessageEvent[] = [];
const hold = (event: MessageEvent) => early.push(event);
self.addEventListener('message', hold);
try {
  await import(/* @vite-ignore */ duckdbWorker);
} catch (error) {
  self.postMessage({ requestId: -1, messageId: -1, type: 'LOG', data: { [ENGINE_FAILURE]: `worker script: ${String((error as Error)?.message ?? error)}` } });
}
self.removeEventListener('message', hold);
for (const event of early) (self.onmessage as ((e: MessageEvent) => unknown) | null)?.(event);
