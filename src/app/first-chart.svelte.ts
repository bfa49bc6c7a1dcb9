// Whether the page has drawn its first chart (src/charts/ChartFrame.svelte says so, a frame after
// drawing it). What sits below the charts — the extract, whose code is in the lazy chunk — waits
// for it, so that its ~58 KB and its first run do not compete with the first chart of a cold
// load. A view that draws no chart (or a page whose data failed) stops waiting after WAIT_MS.
export const FIRST_CHART_WAIT_MS = 4000;

class FirstChart {
  drawn = $state(false);

  constructor() {
    if (typeof window !== 'undefined') setTimeout(() => this.mark(), FIRST_CHART_WAIT_MS);
  }

  mark(): void {
    if (!this.drawn) this.drawn = true;
  }
}

export const firstChart = new FirstChart();
