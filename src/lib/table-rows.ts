// Table body rows made as DOM nodes in one go: each row and cell with createElement, its text with
// textContent (never parsed as HTML: report text such as an agency's name stays literal text),
// all in one DocumentFragment that replaces the body's rows at once. For tables of hundreds of
// rows (a grouping by city: ~370 rows × 15 cells), where a Svelte block and effect per cell cost
// about as much as drawing the chart. The rows are described by plain data (RowSpec), which the
// views' pure functions make and the unit tests read.

export interface CellSpec {
  /** A `<th>` (with scope="row") instead of a `<td>`. */
  header?: boolean;
  text: string;
  className?: string;
  attrs?: Record<string, string>;
  /** The text inside a `<button type="button">` of these class and attributes, in the cell. */
  button?: { className: string; attrs: Record<string, string> };
}

export interface RowSpec {
  className?: string;
  attrs?: Record<string, string>;
  cells: CellSpec[];
}

/** The part of `document` used here (the tests give their own). */
export type RowDocument = Pick<Document, 'createElement' | 'createDocumentFragment'>;

function setAttributes(el: Element, attrs: Record<string, string> | undefined): void {
  if (attrs) for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
}

/** The rows as one fragment of `<tr>` elements. */
export function buildRows(doc: RowDocument, rows: readonly RowSpec[]): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const row of rows) {
    const tr = doc.createElement('tr');
    if (row.className) tr.className = row.className;
    setAttributes(tr, row.attrs);
    for (const cell of row.cells) {
      const el = doc.createElement(cell.header ? 'th' : 'td');
      if (cell.header) el.setAttribute('scope', 'row');
      if (cell.className) el.className = cell.className;
      setAttributes(el, cell.attrs);
      if (cell.button) {
        const button = doc.createElement('button');
        button.type = 'button';
        button.className = cell.button.className;
        setAttributes(button, cell.button.attrs);
        button.textContent = cell.text;
        el.appendChild(button);
      } else el.textContent = cell.text;
      tr.appendChild(el);
    }
    fragment.appendChild(tr);
  }
  return fragment;
}

/**
 * A Svelte action for a `<tbody>`: its rows are `rows`, made again (and swapped in at once) when
 * the action's argument changes.
 */
export function tableRows(tbody: HTMLTableSectionElement, rows: readonly RowSpec[]): { update: (next: readonly RowSpec[]) => void } {
  tbody.replaceChildren(buildRows(document, rows));
  return { update: (next) => tbody.replaceChildren(buildRows(document, next)) };
}
