// data/reports/manifest.csv: what cannot be inferred from a report, stated by a person.
// Columns: file, agency, year, region_code, source_url (any may be empty); optional columns
// agency_id (the agency's identity across years: a renamed bureau's older reports name the new
// one's id) and prefer (yes/1/true: among copies of the same agency and year, chart this one).
import Papa from 'papaparse';

export interface ManifestEntry {
  file: string;
  agency?: string;
  year?: number;
  region_code?: string;
  source_url?: string;
  /** The agency's identity across years (src/build/agencies.ts), overriding the one made from its name and region. */
  agency_id?: string;
  /** Among filings of the same agency and year, this one is charted (src/build/continuity.ts). */
  prefer?: boolean;
}

export interface ManifestRead {
  entries: Map<string, ManifestEntry>;
  problems: string[];
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function parseManifest(csv: string): ManifestRead {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const entries = new Map<string, ManifestEntry>();
  const problems: string[] = parsed.errors.map((e) => `manifest.csv row ${(e.row ?? 0) + 2}: ${e.message}`);
  if (!parsed.meta.fields?.includes('file')) problems.push('manifest.csv has no "file" column');
  parsed.data.forEach((row, i) => {
    const file = row.file?.trim();
    if (!file) return;
    const entry: ManifestEntry = { file };
    if (row.agency?.trim()) entry.agency = row.agency.trim();
    if (row.year?.trim()) {
      const year = Number(row.year.trim());
      if (Number.isInteger(year) && year >= 2000 && year <= 2100) entry.year = year;
      else problems.push(`manifest.csv row ${i + 2}: year "${row.year}" is not a year`);
    }
    if (row.region_code?.trim()) {
      const code = row.region_code.trim();
      if (/^\d{6}$/.test(code)) entry.region_code = code;
      else problems.push(`manifest.csv row ${i + 2}: region_code "${code}" is not a 6-digit GB/T 2260 code`);
    }
    if (row.source_url?.trim()) entry.source_url = row.source_url.trim();
    if (row.agency_id?.trim()) entry.agency_id = row.agency_id.trim().slice(0, 100);
    const prefer = row.prefer?.trim().toLowerCase();
    if (prefer) {
      if (['yes', 'y', '1', 'true', '是'].includes(prefer)) entry.prefer = true;
      else if (!['no', 'n', '0', 'false', '否'].includes(prefer)) problems.push(`manifest.csv row ${i + 2}: prefer "${row.prefer}" is not yes or no`);
    }
    entries.set(baseName(file), entry);
  });
  return { entries, problems };
}

export function manifestEntry(manifest: ManifestRead | undefined, file: string): ManifestEntry | undefined {
  return manifest?.entries.get(baseName(file));
}
