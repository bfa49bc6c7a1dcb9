// A chart drawn again in place: the live SVG made equal to a freshly drawn one (its attributes,
// text and children, in order), reusing each live node whose place and kind match and moving the
// fresh node in where they do not. The drawing code stays one function of the spec (render.ts
// draws the new chart detached, off the page), and the page changes only where the chart did: an
// axis, a title, a legend or a label of the same text keeps its node, so the browser does not
// shape and lay that text out again (at 100,000 reports a filter change redrew every chart from
// scratch: ~400 new nodes, every one of them laid out). Matched by position, not by row key: a
// filter change brings other rows into the same places, and a node of the same place is reused
// whatever row it now draws.

const sameKind = (a: Node, b: Node): boolean =>
  a.nodeType === b.nodeType && (a.nodeType !== 1 || ((a as Element).namespaceURI === (b as Element).namespaceURI && (a as Element).localName === (b as Element).localName));

/**
 * Makes `live` equal to `fresh` (which it empties: the nodes it lacked are moved over). Returns each
 * fresh node's stand-in on the page: the live node it was matched with (a node moved over stands
 * for itself and is not in the map).
 */
export function morph(live: Element, fresh: Element, matched: Map<Node, Node> = new Map()): Map<Node, Node> {
  matched.set(fresh, live);
  for (const name of live.getAttributeNames()) if (!fresh.hasAttribute(name)) live.removeAttribute(name);
  for (const name of fresh.getAttributeNames()) {
    const value = fresh.getAttribute(name)!;
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
  let next: ChildNode | null = live.firstChild;
  for (const child of [...fresh.childNodes]) {
    if (next && sameKind(next, child)) {
      if (child.nodeType === 1) morph(next as Element, child as Element, matched);
      else {
        if (next.nodeValue !== child.nodeValue) next.nodeValue = child.nodeValue;
        matched.set(child, next);
      }
      next = next.nextSibling;
    } else live.insertBefore(child, next);
  }
  while (next) {
    const after: ChildNode | null = next.nextSibling;
    next.remove();
    next = after;
  }
  return matched;
}
