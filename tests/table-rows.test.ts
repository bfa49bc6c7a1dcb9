// src/lib/table-rows.ts makes table rows as DOM nodes: every text set as text, never parsed as
// HTML. A stand-in document records what is made and fails on any HTML parsing.
import { describe, expect, it } from 'vitest';
import { buildRows, type RowDocument } from '../src/lib/table-rows.ts';

class FakeNode {
  children: FakeNode[] = [];
  attributes: Record<string, string> = {};
  className = '';
  type = '';
  #text = '';
  constructor(readonly tag: string) {}
  set textContent(value: string) { this.#text = value; }
  get textContent(): string { return this.#text + this.children.map((c) => c.textContent).join(''); }
  set innerHTML(_: string) { throw new Error('innerHTML used'); }
  insertAdjacentHTML(): void { throw new Error('insertAdjacentHTML used'); }
  setAttribute(name: string, value: string): void { this.attributes[name] = value; }
  appendChild(child: FakeNode): FakeNode { this.children.push(child); return child; }
}
const doc = {
  createElement: (tag: string) => new FakeNode(tag),
  createDocumentFragment: () => new FakeNode('#fragment'),
} as unknown as RowDocument;

describe('buildRows', () => {
  it('makes rows, header and data cells and buttons, names like <img src=x onerror=alert(1)> as literal text', () => {
    const name = '<img src=x onerror=alert(1)>';
    const fragment = buildRows(doc, [
      { className: 'total', attrs: { 'data-total': '' }, cells: [{ header: true, text: '全部' }, { text: '9', attrs: { 'data-measure': 'reports' } }] },
      { attrs: { 'data-group-value': name }, cells: [{ header: true, text: name, button: { className: 'drill', attrs: { 'data-row': '0', 'aria-label': `查看${name}` } } }, { text: '<b>1</b>', className: 'num missing' }] },
    ]) as unknown as FakeNode;
    expect(fragment.children.map((tr) => tr.tag)).toEqual(['tr', 'tr']);
    const [total, group] = fragment.children;
    expect(total.className).toBe('total');
    expect(total.attributes).toEqual({ 'data-total': '' });
    expect(total.children.map((c) => [c.tag, c.attributes, c.textContent])).toEqual([['th', { scope: 'row' }, '全部'], ['td', { 'data-measure': 'reports' }, '9']]);
    expect(group.attributes['data-group-value']).toBe(name);
    const [th, td] = group.children;
    expect(th.tag).toBe('th');
    expect(th.children).toHaveLength(1);
    const button = th.children[0];
    expect([button.tag, button.type, button.className, button.attributes, button.textContent]).toEqual(['button', 'button', 'drill', { 'data-row': '0', 'aria-label': `查看${name}` }, name]);
    expect([td.tag, td.className, td.textContent, td.children.length]).toEqual(['td', 'num missing', '<b>1</b>', 0]);
  });
});
