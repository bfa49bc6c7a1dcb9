// Row labels as printed are split over lines, spaced out, wrapped in stray brackets and
// garbled by PDF extraction (`一、本年	=新收政府(信息公开申请数量`). We compare them by the
// characters that carry meaning, in order, tolerating insertions.
import { toHalfWidth } from './numbers.ts';

/**
 * Labels normalised before: reports print the template's row labels, so most labels of a corpus
 * repeat (the Unicode-script pattern below was a sixth of reading table 3). Bounded: cleared when
 * it grows large; a label longer than LABEL_MEMO_MAX_LENGTH is not kept.
 */
const normalized = new Map<string, string>();
const LABEL_MEMO_LIMIT = 20_000;
const LABEL_MEMO_MAX_LENGTH = 200;

/**
 * In front of the Map, a small table indexed by the label's length and three of its characters:
 * a hit costs one comparison of strings, where the Map hashes the whole label and probes a table
 * of up to 20,000 entries (printedRows' labels, a few hundred a report, were 3% of a parsing
 * thread). A slot holds one label and its normal form; a label found there is that label.
 */
const RECENT_SLOTS = 4096;
const recentLabels: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
const recentNorms: string[] = new Array<string>(RECENT_SLOTS).fill('');
const recentSlot = (label: string) => {
  const n = label.length;
  return (n * 31 + label.charCodeAt(0) * 7 + label.charCodeAt(n >> 1) * 13 + label.charCodeAt(n - 1)) & (RECENT_SLOTS - 1);
};

/** Keep CJK characters, letters and digits; drop spaces, punctuation and brackets. */
export function normalizeLabel(label: string): string {
  // A label too long to be kept is not looked up either (hashing a paragraph costs as much as reading it).
  if (label.length === 0 || label.length > LABEL_MEMO_MAX_LENGTH) return normalizeUnmemoized(label);
  const slot = recentSlot(label);
  if (recentLabels[slot] === label) return recentNorms[slot];
  const norm = normalizeMemoized(label);
  recentLabels[slot] = detached(label);
  recentNorms[slot] = norm;
  return norm;
}

/**
 * A copy of `label` that does not hold the text it was cut from: a slice of 13 characters or more
 * points into its whole source text, which a remembered label would keep alive for as long.
 */
const detached = (label: string): string => (` ${label}`).slice(1);

function normalizeUnmemoized(label: string): string {
  return toHalfWidth(label).replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');
}

function normalizeMemoized(label: string): string {
  let norm = normalized.get(label);
  if (norm === undefined) {
    norm = normalizeUnmemoized(label);
    if (normalized.size >= LABEL_MEMO_LIMIT) normalized.clear();
    normalized.set(detached(label), norm);
  }
  return norm;
}

/** Length of the longest common subsequence. Labels are short, so O(n·m) is fine. */
function lcs(a: string, b: string): number {
  if (!a || !b) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * How well `label` (normalized) shows one of `keys`: 1 when a key appears whole, less when
 * only some of its characters appear in order. 0 below `min`, or when an excluded word is present.
 */
/** Keys are few and fixed (the schema's): normalise each once. */
const normalizedKeys = new Map<string, string>();
function normalizedKey(key: string): string {
  let k = normalizedKeys.get(key);
  if (k === undefined) normalizedKeys.set(key, (k = normalizeLabel(key)));
  return k;
}

/** The characters of the label last scored: alignRows scores one label against every row in turn. */
let lastLabel = '';
let lastChars = new Set<string>();
function charsOf(label: string): Set<string> {
  if (label !== lastLabel) [lastLabel, lastChars] = [label, new Set(label)];
  return lastChars;
}

export function labelScore(label: string, keys: readonly string[], exclude: readonly string[] = [], min = 0.6): number {
  if (!label) return 0;
  if (exclude.some((x) => label.includes(normalizedKey(x)))) return 0;
  let best = 0;
  for (const key of keys) {
    const k = normalizedKey(key);
    if (label.includes(k)) return 1;
    // A short key ("3其他", "总计") must appear whole: a scattered match of 2–3 characters
    // is found in far too many labels.
    if (k.length < 4) continue;
    // Cheap bound first: the characters of the key found anywhere in the label.
    const chars = charsOf(label);
    let present = 0;
    for (const ch of k) if (chars.has(ch)) present++;
    if (present / k.length < min || present / k.length <= best) continue;
    best = Math.max(best, lcs(k, label) / k.length);
  }
  return best >= min ? best * 0.9 : 0;
}
