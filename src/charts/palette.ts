// Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinguishable for
// the common forms of colour blindness. Black is left out of the category cycle because the
// library uses it for the "all filtered reports" outline and for text.

/** Category colours, used in this order. */
export const PALETTE = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
] as const;

/** Okabe–Ito black, for emphasis (the total bar) and text. */
export const INK = '#000000';

/** Muted text and the outline of empty marks; 4.6:1 on white, enough for small text. */
export const MUTED = '#666666';

/** Gridlines and the axis domain: visible but quiet. */
export const RULE = '#d0d0d0';

/** Colour of the i-th category, cycling if there are more categories than colours. */
export function categoryColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}
