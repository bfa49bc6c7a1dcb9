// The name search: several names in one box ("嘉兴 长沙", "嘉兴,长沙", "嘉兴，长沙"), any of which
// matches. One splitting rule for the SQL (queries.ts `where()`) and the overview before the
// database (app/overview.ts).

/** Separators between names: white space (also the ideographic space), commas, 、, semicolons, |. */
const SEPARATORS = /[\s,，、;；|｜]+/u;

/** At most this many names: the box is capped at 100 characters anyway. */
export const MAX_NAME_TERMS = 20;

/** The distinct non-empty names of a search, in the order typed. */
export function nameTerms(q: string): string[] {
  const terms: string[] = [];
  for (const term of q.split(SEPARATORS)) {
    if (term && !terms.includes(term)) terms.push(term);
    if (terms.length === MAX_NAME_TERMS) break;
  }
  return terms;
}

/** Does an agency name contain any of the terms (case-insensitive, literally)? No terms: yes. */
export function nameMatches(agency: string | null, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const name = (agency ?? '').toLowerCase();
  return terms.some((t) => name.includes(t.toLowerCase()));
}
