// Text normalisation for keyword matching: the same function runs on keywords and on the
// visitor's text, so a keyword matches whatever spelling normalises to the same words.

/** Lower case, accents and Arabic diacritics stripped, Arabic letter variants unified, everything but letters and digits turned into single spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents, harakat
    .toLowerCase()
    .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627') // أ إ آ ٱ -> ا
    .replace(/\u0649/g, '\u064a') // ى -> ي
    .replace(/\u0640/g, '') // tatweel
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)) // Arabic-Indic digits
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A keyword list compiled once: each keyword with its normalised, space-padded form. */
export interface KeywordMatcher {
  readonly keywords: readonly string[];
  /** The keywords found as whole words in `text` (in list order). */
  match(text: string): string[];
}

/** Compiles a keyword list; matching is on whole words of the normalised text. */
export function keywordMatcher(keywords: readonly string[]): KeywordMatcher {
  const compiled = keywords.map((k) => ({ keyword: k, padded: ` ${normalizeText(k)} ` }));
  return {
    keywords,
    match(text) {
      const padded = ` ${normalizeText(text)} `;
      return compiled.filter((c) => c.padded.trim() !== '' && padded.includes(c.padded)).map((c) => c.keyword);
    },
  };
}
