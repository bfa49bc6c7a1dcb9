// Shared bits of the two benchmark pages: timing marks and the queries both designs run.
export const marks: Record<string, number> = {};
export function mark(name: string): void {
  marks[name] = Math.round(performance.now());
}
export const params = new URLSearchParams(location.search);
export const fileName = params.get('file') ?? 'reports-10k.parquet';
export const fileUrl = new URL(`/data/${fileName}`, location.href).href;

// SUM returns HUGEINT/BIGINT: cast in SQL so results are plain numbers.
export const Q1 = 'SELECT COUNT(*)::INTEGER AS n, SUM(c002)::DOUBLE AS s, SUM(ratio)::DOUBLE AS r FROM reports';
export const Q2 =
  'SELECT region, COUNT(*)::INTEGER AS n, SUM(c010)::DOUBLE AS s FROM reports GROUP BY region ORDER BY region';
export const Q3 = 'SELECT COUNT(*)::INTEGER AS n FROM reports WHERE year = ? AND region = ?';

export function done(result: unknown): void {
  (window as any).__bench = { marks, result };
  document.body.textContent = JSON.stringify({ marks, result }, null, 1);
}
export function fail(e: unknown): void {
  (window as any).__bench = { marks, error: String((e as Error)?.stack ?? e) };
  document.body.textContent = 'ERROR ' + String(e);
}
