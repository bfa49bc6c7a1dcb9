// The distribution's bins in the page (src/app/cube-bins.ts): bins-regions.json when the
// distribution view first asks, the bins-cities-<n>.json holding a province's cities when a city
// filter needs them (every one for a city filter without its province).
// `cells(need)`: the cells, or null while they are on their way, or when a file failed or is of
// another plan (the view then waits for the database, as it did before these files).
import { binCellsOf, binsCityFileName, binsCityFileOf, BINS_REGIONS_FILE, usableBins, type BinCell, type BinsFile } from './cube-bins.ts';
import { fetchBuilt, provinceIndices } from './cube.svelte.ts';
import type { CubeNeed } from './cube.ts';

/** A bins file's cells, or null (missing, not JSON, another plan, rows out of the plan). */
async function fetchBins(name: string): Promise<{ file: BinsFile; cells: BinCell[] } | null> {
  const body = await fetchBuilt(name);
  if (!usableBins(body)) return null;
  try {
    return { file: body, cells: binCellsOf(body) };
  } catch {
    return null;
  }
}

class BinsStore {
  // $state.raw: replaced whole, never changed in place (see cube.svelte.ts).
  #regions = $state.raw<{ provinces: (string | null)[]; cells: BinCell[] } | null>(null);
  /** City files by number, once loaded (each holds several provinces' cities). */
  #cities = $state.raw<Record<number, BinCell[]>>({});
  #asked = new Set<number | 'regions'>();

  #fetch(which: number | 'regions'): void {
    if (this.#asked.has(which)) return;
    this.#asked.add(which);
    void fetchBins(which === 'regions' ? BINS_REGIONS_FILE : binsCityFileName(which)).then((got) => {
      if (!got) return;
      if (which === 'regions') this.#regions = { provinces: got.file.provinces ?? [], cells: got.cells };
      else this.#cities = { ...this.#cities, [which]: got.cells };
    });
  }

  /** The cells that answer `need` (cube.ts cubeNeed), or null (not here, failed, or not answerable). */
  cells(need: CubeNeed): BinCell[] | null {
    if (!need) return null;
    this.#fetch('regions');
    const regions = this.#regions;
    if (!regions) return null;
    if (need.cells === 'regions') return regions.cells;
    const indices = provinceIndices(regions.provinces, need.province);
    // A province with no reports has no cities: no cells match.
    if (indices[0] === -1) return [];
    // The cells of other provinces in the same files do not match the filter (cellMatches).
    const parts = [...new Set(indices.map(binsCityFileOf))].map((n) => {
      this.#fetch(n);
      return this.#cities[n] ?? null;
    });
    return parts.every((p) => p !== null) ? (parts.flat() as BinCell[]) : null;
  }
}

export const cubeBins = new BinsStore();
