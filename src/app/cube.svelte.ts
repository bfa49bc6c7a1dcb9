// The build's pre-aggregated summaries in the page (src/app/cube.ts): regions.json is fetched at
// start, beside summary.json; a province's cities-<i>.json when a view first needs that province's
// cities (a city filter or a grouping by city). Views ask through `cells(need)`: the cells, or null
// while they are on their way (or when a file failed: the view then simply waits for the database).
import { builtCubeFile, CUBE_DIR, CUBE_REGIONS_FILE, cellsOf, cityFileName, listedOf, type Cell, type CubeFile, type CubeNeed, type ListedCell } from './cube.ts';
import { data, DATA_URL } from './data.svelte.ts';
import { indexLists, OUTCOME_LISTS_FILE, type OutcomeListsFile } from './outcome-lists.ts';
import { FEE_LISTS_FILE, indexFeeLists } from './fee-lists.ts';
import { GROUP_MEDIANS_FILE, ONE_FILTER_MEDIANS_FILE, indexGroupMedians, indexOneFilterMedians } from './group-medians.ts';

/** A file of cube/ as JSON, or null (missing, not JSON, the network failed). */
async function fetchJson(name: string): Promise<unknown> {
  try {
    const res = await fetch(`${DATA_URL}${CUBE_DIR}/${name}`);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** fetchJson, but null at once for a file the build says it did not write (builtCubeFile: an older build). */
export function fetchBuilt(name: string): Promise<unknown> {
  return builtCubeFile(data.summary, name) ? fetchJson(name) : Promise.resolve(null);
}

async function fetchCube(name: string): Promise<CubeFile | null> {
  const body = (await fetchJson(name)) as CubeFile | null;
  return body && body.version === 1 && Array.isArray(body.rows) && Array.isArray(body.measures) ? body : null;
}

/** A JSON file of cube/, fetched when first asked for and indexed once: null before it arrives, or when it failed. */
class LazyFile<T> {
  #name: string;
  #index: (body: unknown) => T | null;
  #value = $state.raw<T | null>(null);
  #asked = false;
  #settled = $state(false);
  constructor(name: string, index: (body: unknown) => T | null) {
    this.#name = name;
    this.#index = index;
  }
  get(): T | null {
    if (!this.#asked) {
      this.#asked = true;
      void fetchBuilt(this.#name).then((body) => {
        this.#value = this.#index(body);
        this.#settled = true;
      });
    }
    return this.#value;
  }
  /** The file if it is here, without asking for it. */
  here(): T | null {
    return this.#value;
  }
  /** True while the file is asked for and on its way (asks for it). */
  coming(): boolean {
    this.get();
    return !this.#settled;
  }
}

class CubeStore {
  // $state.raw: the cells are replaced whole, never changed in place. A deep $state would wrap
  // every cell and its sums in proxies, and summing them on each filter change went through a
  // proxy trap per measure read (most of the 1.3 s task before the first grouped chart at 100k).
  #regions = $state.raw<{ file: CubeFile; cells: Cell[]; listed: ListedCell[] | null } | null>(null);
  /** Province index → its city cells, once loaded. */
  #cities = $state.raw<Record<number, Cell[]>>({});
  /** Province index → its cities' listed files (null: a build without them), once loaded. */
  #citiesListed = $state.raw<Record<number, ListedCell[] | null>>({});
  /** Province indices whose cities file failed (or is not a summaries file). */
  #failed = $state.raw<ReadonlySet<number>>(new Set());
  /** outcome-lists.json by filter and value (src/app/outcome-lists.ts). */
  #lists = new LazyFile(OUTCOME_LISTS_FILE, (body) => indexLists(body as OutcomeListsFile | null));
  /** fee-lists.json by state (src/app/fee-lists.ts). */
  #feeLists = new LazyFile(FEE_LISTS_FILE, indexFeeLists);
  /** group-medians.json by grouping (src/app/group-medians.ts). */
  #groupMedians = new LazyFile(GROUP_MEDIANS_FILE, indexGroupMedians);
  /** group-medians-one.json by state and grouping (src/app/group-medians.ts). */
  #oneFilterMedians = new LazyFile(ONE_FILTER_MEDIANS_FILE, indexOneFilterMedians);
  #asked = new Set<number>();
  #started = false;
  /** Provinces whose cities file is asked for the moment regions.json is read (`want`). */
  #wanted: (string | null)[] = [];

  #read: Promise<void> = Promise.resolve();

  /** Fetches regions.json (once); settles once it is read (or failed). */
  load(): Promise<void> {
    if (this.#started) return this.#read;
    this.#started = true;
    return (this.#read = fetchCube(CUBE_REGIONS_FILE).then((file) => {
      if (!file) return;
      // Before its cells are made and the views run again: the cities file of a link's province is
      // then on its way ~0.1–0.8 s sooner (a grouping by city: its first chart waited for it).
      for (const p of this.#wanted) {
        const i = (file.provinces ?? []).indexOf(p);
        if (i >= 0) void this.#fetchCity(i);
      }
      this.#regions = { file, cells: cellsOf(file), listed: listedOf(file) };
    }));
  }

  /**
   * A link whose first chart is drawn from one province's cities (a grouping by city, a city
   * filter: cubeNeed): its file is asked for as soon as regions.json says which it is, not once
   * the app has mounted and its views have asked (src/app/early-view.ts). Settles once it is
   * asked for (regions.json read), at once when `need` takes no cities file.
   */
  want(need: CubeNeed): Promise<void> {
    if (!need || need.cells !== 'cities' || need.province === null) return Promise.resolve();
    const regions = this.#regions;
    if (regions) {
      const i = (regions.file.provinces ?? []).indexOf(need.province);
      if (i >= 0) void this.#fetchCity(i);
    } else this.#wanted.push(need.province);
    return this.load();
  }

  /**
   * The outcomes lists of the one-filter states, or null (not here yet, failed, or a build without
   * them). The first call fetches outcome-lists.json (~40 KB brotli): the outcomes view calls it
   * once its first chart is drawn, or at once for a one-filter link, not before a first chart it does not draw.
   */
  outcomeLists(): ReturnType<typeof indexLists> {
    return this.#lists.get();
  }

  /** True while outcome-lists.json is asked for and on its way (fetches it, as outcomeLists()). */
  listsComing(): boolean {
    return this.#lists.coming();
  }

  /** The fees view's lists (no filter, one filter), or null (not here yet, failed, a build without them); the first call fetches fee-lists.json. */
  feeLists(): ReturnType<typeof indexFeeLists> {
    return this.#feeLists.get();
  }

  /** The medians of the unfiltered groupings, or null (not here yet, failed, or a build without them); the first call fetches group-medians.json. */
  groupMedians(): ReturnType<typeof indexGroupMedians> {
    return this.#groupMedians.get();
  }

  /** The medians of the groupings under one filter, or null (not here yet, failed, or a build without them); the first call fetches group-medians-one.json. */
  oneFilterMedians(): ReturnType<typeof indexOneFilterMedians> {
    return this.#oneFilterMedians.get();
  }

  /** The same if it is here already, without fetching it (a first chart does not wait behind it). */
  oneFilterMediansIfHere(): ReturnType<typeof indexOneFilterMedians> {
    return this.#oneFilterMedians.here();
  }

  #city(i: number): Cell[] | null {
    const cells = this.#cities[i];
    if (cells) return cells;
    void this.#fetchCity(i);
    return null;
  }

  /** Fetches province i's cities file, once. */
  async #fetchCity(i: number): Promise<void> {
    if (this.#asked.has(i)) return;
    this.#asked.add(i);
    const file = await fetchCube(cityFileName(i));
    if (!file) {
      this.#failed = new Set([...this.#failed, i]);
      return;
    }
    this.#citiesListed = { ...this.#citiesListed, [i]: listedOf(file) };
    this.#cities = { ...this.#cities, [i]: cellsOf(file) };
  }

  #prefetching = false;

  /**
   * Every province's cities file, one after another (32 files, ~350 KB brotli at 100,000 reports,
   * about the same at 1M): called once the database is ready, so that a province filter's city
   * counts and a grouping by city are summed at once instead of waiting for their file (a first
   * province change fetched ~20 KB before its last redraw).
   */
  prefetchCities(): void {
    const regions = this.#regions;
    if (this.#prefetching || !regions) return;
    this.#prefetching = true;
    void (async () => {
      for (let i = 0; i < (regions.file.provinces ?? []).length; i++) await this.#fetchCity(i);
    })();
  }

  /** Every file (failed and superseded ones too) in the cells `need` names, or null (not loaded, not answerable, or a build without them). */
  listed(need: CubeNeed): ListedCell[] | null {
    if (!need) return null;
    this.load();
    const regions = this.#regions;
    if (!regions) return null;
    if (need.cells === 'regions') return regions.listed;
    const indices = provinceIndices(regions.file.provinces ?? [], need.province);
    if (indices[0] === -1) return regions.listed ? [] : null;
    const parts = indices.map((i) => (this.#city(i) === null ? null : (this.#citiesListed[i] ?? null)));
    return parts.every((p) => p !== null) ? (parts.flat() as ListedCell[]) : null;
  }

  /**
   * True when the summaries will answer `need`: regions.json is here and every city file it takes
   * is here or on its way (none failed). A view may then wait for them instead of asking the
   * database. False while regions.json itself is not here (unknown).
   */
  coming(need: CubeNeed): boolean {
    if (!need) return false;
    const regions = this.#regions;
    if (!regions) return false;
    if (need.cells === 'regions') return true;
    const indices = provinceIndices(regions.file.provinces ?? [], need.province);
    return indices[0] === -1 || indices.every((i) => !this.#failed.has(i));
  }

  /**
   * As `cells`, but fetches nothing: null unless every file `need` takes is here already. For a
   * question the database answers sooner than the files arrive once it is ready (every province's
   * cities: 28 files, ~2 MB at 100,000 reports, to fetch and parse).
   */
  cellsIfLoaded(need: CubeNeed): Cell[] | null {
    return this.#cellsOf(need, false);
  }

  /** The cells that answer `need`, or null (not loaded yet, or not answerable from the summaries). */
  cells(need: CubeNeed): Cell[] | null {
    return this.#cellsOf(need, true);
  }

  /** `cells`; with `fetch` false, from the files here already (nothing asked for). */
  #cellsOf(need: CubeNeed, fetch: boolean): Cell[] | null {
    if (!need) return null;
    if (fetch) this.load();
    const regions = this.#regions;
    if (!regions) return null;
    if (need.cells === 'regions') return regions.cells;
    const indices = provinceIndices(regions.file.provinces ?? [], need.province);
    // A province with no reports has no file: no cells match (the answer is an empty set).
    if (indices[0] === -1) return [];
    const parts = indices.map((i) => (fetch ? this.#city(i) : (this.#cities[i] ?? null)));
    return parts.every((p) => p !== null) ? parts.flat() as Cell[] : null;
  }
}

export const cube = new CubeStore();

/** The city files a question needs: every province's, or the one named ([-1] when it has none). */
export function provinceIndices(provinces: readonly (string | null)[], province: string | null): number[] {
  return province === null ? provinces.map((_, i) => i) : [provinces.indexOf(province)];
}
