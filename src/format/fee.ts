// Section 六: the information-processing fee (信息处理费, in 元) charged to applicants under
// 国办函〔2020〕109号. Not table 2's 行政事业性收费 (万元): a different thing entirely.
import { readNumber } from './numbers.ts';
import { compactText } from './compact.ts';

export interface FeeRead {
  yuan: number | null;
  /** The sentence the value was read from, for provenance. */
  evidence: string | null;
}

const FEE = '(信息)?处理费';
const NONE = [
  new RegExp(`(未|没有|无|不|均未|并未|暂未)(收取|产生|发生|收|涉及)[^。；;]{0,20}?${FEE}`),
  new RegExp(`${FEE}[^。；;]{0,16}?(为\\s*0|0\\s*元|为零|零元|未收取|没有收取|无收取|未产生|没有产生)`),
  new RegExp(`(未|没有|无)[^。；;]{0,6}(收取|产生)[^。；;]{0,10}?(费用)`),
];
// The amount with its sign: "处理费-50元" was read as 50, a negative fee made positive with no
// word; now it is read as printed and flagged (counts.ts processingFeeChecks).
const AMOUNT = [
  new RegExp(`(收取|收缴|共收|产生)[^。；;]{0,24}?${FEE}[^。；;\\d]{0,12}?([-−－]?[\\d,，.．０-９]+)\\s*元`),
  new RegExp(`${FEE}[^。；;\\d]{0,16}?([-−－]?[\\d,，.．０-９]+)\\s*元`),
];

/** The sentences of a text already without white space. */
function sentences(compact: string): string[] {
  return compact.split(/(?<=[。；;！!\n])/);
}

/** Read the fee from section 六 (or, failing that, the whole text). Silence is null, not 0. */
export function readProcessingFee(section: string | null, whole: string): FeeRead {
  for (const text of section ? [section, whole] : [whole]) {
    // A sentence is read only if it holds 处理费: a text without it (white space aside) is not split at all.
    if (!text.includes('处')) continue;
    const compact = compactText(text);
    if (!compact.includes('处理费')) continue;
    for (const sentence of sentences(compact)) {
      if (!/处理费/.test(sentence)) continue;
      for (const re of AMOUNT) {
        const m = re.exec(sentence);
        if (m) {
          const value = readNumber(m[m.length - 1].replace(/，/g, ','));
          if (value !== null) return { yuan: value, evidence: sentence };
        }
      }
      if (NONE.some((re) => re.test(sentence))) return { yuan: 0, evidence: sentence };
    }
  }
  return { yuan: null, evidence: null };
}
