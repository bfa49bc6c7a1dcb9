// A report's label in the per-agency charts (办理结果, 复议与诉讼, 收费): 「某某县人民政府（2024年）」.
// A report whose agency the parser could not read (agency null, meta.agency_*) still gets a name,
// not a bare 「（2021年）」 on its bar.
import type { Lang } from '../app/url.ts';

const UNNAMED = { zh: '机关名称未能读出', en: 'agency name not read' };

/** `notes` follow the year in the brackets (e.g. 旧模板无此项). */
export function agencyYearLabel(agency: string | null, year: number | null, lang: Lang, notes: readonly string[] = []): string {
  const name = agency ?? (lang === 'zh' ? `［${UNNAMED.zh}］` : `[${UNNAMED.en}]`);
  const parts = [year === null ? '' : lang === 'zh' ? `${year}年` : String(year), ...notes].filter(Boolean);
  return parts.length === 0 ? name : lang === 'zh' ? `${name}（${parts.join('，')}）` : `${name} (${parts.join(', ')})`;
}
