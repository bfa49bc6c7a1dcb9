// A report's text without its white space (\s), as several readers search it (region context,
// stated counts, the agency in the body, the fee, abbreviations, the narrative): made once per
// text instead of once per reader. A few recent texts are kept (the whole text, the overview,
// section 六 alternate); a text is found by value, so no reader can get another text's result.
const RECENT = 4;
const texts: string[] = [];
const compacts: string[] = [];
let next = 0;

export function compactText(text: string): string {
  for (let i = 0; i < texts.length; i++) if (texts[i] === text) return compacts[i];
  const compact = text.replace(/\s+/g, '');
  texts[next] = text;
  compacts[next] = compact;
  next = (next + 1) % RECENT;
  return compact;
}
