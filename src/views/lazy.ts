// Every view loaded on demand (src/app/lazy-views.ts), in one chunk: one script and one
// stylesheet (with their .br/.gz) rather than one of each per view, so the site stays under
// 1,000 files at 1M reports.
export { default as Litigation } from './Litigation.svelte';
export { default as Fees } from './Fees.svelte';
export { default as Years } from './Years.svelte';
export { default as Distribution } from './Distribution.svelte';
export { default as SqlView } from './SqlView.svelte';
export { default as ProvinceMap } from './ProvinceMap.svelte';
export { default as Applicants } from './Applicants.svelte';
export { default as Agency } from './Agency.svelte';
export { default as Compare } from './Compare.svelte';
export { default as Quality } from './Quality.svelte';
export { default as About } from './About.svelte';
export { default as Extract } from './Extract.svelte';
