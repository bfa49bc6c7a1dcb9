// Which charts' data tables the reader has opened, by the chart's place on the page (a name the
// view gives it, e.g. `groups-bars-0`), for this visit only. A chart frame made anew in the same
// place (another grouping, the database's answer replacing the first paint's chart, the next
// agency) opens its table again instead of closing it under the reader's eyes. Read once when a
// frame is made, so a plain Set: nothing redraws when it changes.
const opened = new Set<string>();

export function tableOpen(place: string | undefined): boolean {
  return place !== undefined && opened.has(place);
}

export function rememberTableOpen(place: string | undefined, open: boolean): void {
  if (place === undefined) return;
  if (open) opened.add(place);
  else opened.delete(place);
}
