// Downloads made in the browser, with no server and no external request: a Blob behind a
// temporary link; the chart image is the chart's own SVG, serialised, and for PNG drawn onto
// a canvas. Charts set their look as SVG attributes and an inline <style>, and use system
// fonts only, so the serialised SVG renders as on screen without fetching anything.

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Save a blob under a file name via a temporary object URL. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns; revoke on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Font properties of text as the page computed them. Charts set their look as attributes,
 * but page CSS (a global font rule) can still reach text; copying the computed font onto the
 * clone keeps the export like the screen. Only fonts: strokes and fills may carry the focus ring.
 */
const FONT_PROPERTIES = ['font-family', 'font-size', 'font-weight', 'font-style'] as const;

function inlineTextFonts(live: SVGSVGElement, clone: SVGSVGElement): void {
  const view = live.ownerDocument.defaultView;
  if (!view) return;
  const liveTexts = live.querySelectorAll('text');
  const cloneTexts = clone.querySelectorAll('text');
  liveTexts.forEach((text, i) => {
    const target = cloneTexts[i];
    if (!target) return;
    const computed = view.getComputedStyle(text);
    for (const property of FONT_PROPERTIES) {
      const value = computed.getPropertyValue(property);
      if (value) target.style.setProperty(property, value);
    }
  });
}

/** Remove what only makes sense on the page: focus state, tab stops, hover-only highlights. */
function stripInteractiveState(clone: SVGSVGElement): void {
  for (const element of clone.querySelectorAll('[tabindex]')) element.removeAttribute('tabindex');
  for (const element of clone.querySelectorAll('[data-active]')) element.removeAttribute('data-active');
}

/** The chart as a standalone SVG document (with XML declaration), ready for a file or an <img>. */
export function svgToString(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  if (svg.isConnected) inlineTextFonts(svg, clone);
  stripInteractiveState(clone);
  const { width, height } = svgSize(svg);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('xmlns:xlink', XLINK_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const xml = new XMLSerializer().serializeToString(clone);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const viewBox = svg.viewBox?.baseVal;
  const width = Number(svg.getAttribute('width')) || viewBox?.width || svg.getBoundingClientRect().width || 640;
  const height = Number(svg.getAttribute('height')) || viewBox?.height || svg.getBoundingClientRect().height || 400;
  return { width, height };
}

/**
 * The chart as a PNG at `scale` times its size (2 = sharp on high-density screens and in print).
 * The SVG goes in as a data: URL, which keeps the canvas untainted so toBlob is allowed.
 */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const source = svgToString(svg);
  const image = new Image();
  image.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart image could not be drawn'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('Canvas 2D is not available');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png');
  });
}

/** Save the chart as an .svg file. */
export function downloadSvg(svg: SVGSVGElement, name: string): void {
  downloadBlob(name, new Blob([svgToString(svg)], { type: 'image/svg+xml;charset=utf-8' }));
}

/** Save the chart as a .png file at 2x. */
export async function downloadPng(svg: SVGSVGElement, name: string, scale = 2): Promise<void> {
  downloadBlob(name, await svgToPngBlob(svg, scale));
}
