/**
 * Turns what a person or the agent typed into FTS5 MATCH expressions. Each term is quoted on
 * its own (quoting the whole query as one phrase loses most hits), so FTS5 syntax characters,
 * quotes and punctuation are inert: they either split terms or vanish.
 */
const STOPWORDS = new Set(
  (
    'a an and are as at be by do does did for from has have how i in is it its of on or that the this to was ' +
    'were what when where which who why will with we you our your can should would about into than then there'
  ).split(' '),
);

const MAX_TERMS = 16;

/** Lower-cased distinct words (letters and digits), stopwords dropped unless nothing else remains. */
export function queryTerms(query: string): string[] {
  const words = [...new Set((query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 64))];
  const content = words.filter((w) => !STOPWORDS.has(w));
  return (content.length ? content : words).slice(0, MAX_TERMS);
}

/**
 * A word as the index stores it: the FTS5 tokenizer (unicode61, remove_diacritics 2) folds
 * case and accents, so "Café" is the vocabulary's "cafe". Counting a word means asking for this.
 */
export function indexedForm(term: string): string {
  return term.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

export function quoteTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Every term must match. */
export function allTermsQuery(terms: string[]): string {
  return terms.map(quoteTerm).join(' ');
}

/** Any term, as a prefix: the fallback when no row has them all. */
export function anyPrefixQuery(terms: string[]): string {
  return terms.map((t) => `${quoteTerm(t)}*`).join(' OR ');
}
