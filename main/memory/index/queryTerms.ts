/**
 * Turns what a person or the agent typed into FTS5 MATCH expressions. Each term is quoted on
 * its own (quoting the whole query as one phrase loses most hits), so FTS5 syntax characters,
 * quotes and punctuation are inert: they either split terms or vanish.
 */
const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but ' +
    'by can could did do does doing down during each few for from further had has have having he her here hers herself ' +
    'him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only ' +
    'or other our ours ourselves out over own same she should so some such than that the their theirs them themselves ' +
    'then there these they this those through to too under until up very was we were what when where which while who ' +
    'whom why will with would you your yours yourself yourselves'
  ).split(' '),
);

const MAX_TERMS = 16;

/** Lower-cased distinct words (letters and digits), stopwords dropped unless nothing else remains. */
export function queryTerms(query: string): string[] {
  const words = [...new Set((query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 64))];
  const content = words.filter((w) => !STOPWORDS.has(w));
  return (content.length ? content : words).slice(0, MAX_TERMS);
}

export function quoteTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Any of the terms: bm25 ranks rows holding more (and rarer) of them first. */
export function anyTermQuery(terms: string[]): string {
  return terms.map(quoteTerm).join(' OR ');
}

/** Any term, as a prefix: the fallback when no word matched whole. */
export function anyPrefixQuery(terms: string[]): string {
  return terms.map((t) => `${quoteTerm(t)}*`).join(' OR ');
}
