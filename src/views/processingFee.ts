// The agency page's 信息处理费 row. Section 六's fee is in no table, so its checks (counts.ts
// processingFeeChecks) name no cell to mark as the tables' checks do: the row names them itself,
// and a fee left empty because its printed number is unholdable does not read 未说明 ("not
// stated"): the report did state one.
import type { Lang } from '../app/url.ts';
import { formatNumber } from '../app/i18n.ts';
import { PROCESSING_FEE_LABEL } from '../format/counts.ts';

const FEE_CODES = new Set(['source.number_unholdable', 'source.count_negative', 'source.fee_implausible']);

/** The report's checks on its processing fee: the codes processingFeeChecks makes, in its words. */
export function processingFeeChecks(checks: readonly { code: string; message_zh: string }[]): string[] {
  return checks.filter((c) => FEE_CODES.has(c.code) && c.message_zh.startsWith(PROCESSING_FEE_LABEL.zh)).map((c) => c.code);
}

/** The row's value: the fee (元, 2 decimals), or why there is none, and the checks on it. */
export function processingFeeText(lang: Lang, fee: number | null, checks: readonly { code: string; message_zh: string }[]): string {
  const codes = processingFeeChecks(checks);
  const see = codes.length === 0 ? '' : lang === 'zh' ? `（见下方校验 ${codes.join('、')}）` : ` (see the check${codes.length > 1 ? 's' : ''} ${codes.join(', ')} below)`;
  if (fee !== null) return formatNumber(lang, fee, 2) + see;
  if (codes.length === 0) return lang === 'zh' ? '未说明' : 'not stated';
  return (lang === 'zh' ? '留空：原文印出的数不可信' : 'left empty: the number printed is not believable') + see;
}
