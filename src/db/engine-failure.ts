/** The key of the message engine-worker.ts sends when DuckDB's worker cannot start its wasm (shared with duckdb.ts). */
export const ENGINE_FAILURE = 'engine-failure';
