import { seededRandom } from '../test/helpers/seededRandom';

/**
 * The memory benches' corpus: a 5,000-word vocabulary with a Zipf-like spread (a few words
 * everywhere, most words rare), drawn from one seeded sequence so a bench's entries and
 * queries are the same in every run.
 */
export function zipfCorpus(seed: number) {
  const rand = seededRandom(seed);
  const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'xyz'[i % 3]}`);
  const zipf = () => vocab[Math.floor(Math.pow(rand(), 3) * vocab.length)];
  const sentence = (n: number) => Array.from({ length: n }, zipf).join(' ');
  return { rand, zipf, sentence };
}
