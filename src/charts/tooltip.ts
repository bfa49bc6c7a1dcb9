// The tooltip is HTML beside the SVG (so it never ends up in a downloaded image), filled with
// textContent only: its lines come from data, and agency names may contain markup.
// It is aria-hidden because the focused mark's aria-label already says the same words.

export interface Tooltip {
  show(lines: readonly string[], x: number, y: number): void;
  hide(): void;
  element: HTMLDivElement;
}

export function createTooltip(host: HTMLElement): Tooltip {
  const element = document.createElement('div');
  element.setAttribute('aria-hidden', 'true');
  Object.assign(element.style, {
    position: 'absolute', left: '0', top: '0', zIndex: '10', pointerEvents: 'none', display: 'none',
    maxWidth: '280px', padding: '6px 8px', background: '#ffffff', color: '#000000',
    border: '1px solid #666666', borderRadius: '3px', boxShadow: '0 2px 6px rgba(0,0,0,0.15)',
    font: '12px/1.45 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif',
  } satisfies Partial<CSSStyleDeclaration>);
  host.append(element);

  return {
    element,
    show(lines, x, y) {
      element.replaceChildren(...lines.map((line, i) => {
        const div = document.createElement('div');
        div.textContent = line;
        if (i === 0) div.style.fontWeight = '600';
        return div;
      }));
      element.style.display = 'block';
      // Keep it inside the host: flip to the left of the point near the right edge.
      const hostWidth = host.clientWidth;
      const { offsetWidth: w, offsetHeight: h } = element;
      const left = x + 12 + w > hostWidth ? Math.max(0, x - 12 - w) : x + 12;
      const top = Math.max(0, y - h - 8);
      element.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
    },
    hide() {
      element.style.display = 'none';
    },
  };
}
