// The views loaded on demand and their components' names in src/views/lazy.ts: apart from
// src/app/lazy-views.ts (whose dynamic import would pull the views into anything that imports it),
// so the build's early hint (src/server/vite-early-hint.ts) reads the same list.

/** View → its component's name in src/views/lazy.ts (one chunk for all of them). */
export const LAZY_VIEWS = {
  litigation: 'Litigation', fees: 'Fees', years: 'Years', distribution: 'Distribution', sql: 'SqlView', map: 'ProvinceMap',
  applicants: 'Applicants', agency: 'Agency', compare: 'Compare', quality: 'Quality', about: 'About', extract: 'Extract',
} as const;

