import { createRequire } from 'node:module';
import { O200K_MODULE, O200K_SPLIT_MODULE, pieceCounter } from './pieceCounter';

type O200k = typeof import('gpt-tokenizer/encoding/o200k_base');

let tokenizer: O200k | null = null;
let counter: ((text: string) => number) | null = null;

/**
 * The one tokenizer of Engram (o200k_base): budgets, context items and reported counts all
 * use it, so `tokens ≤ budget` means the same thing everywhere. Loaded on first use: its
 * tables take about half a second to load, which CLI commands that never count should not pay.
 */
function o200k(): O200k {
  tokenizer ??= createRequire(import.meta.url)(O200K_MODULE) as O200k;
  return tokenizer;
}

/** Special tokens in a text are counted and cut as the plain text they are (see pieceCounter). */
const PLAIN = { disallowedSpecial: new Set<string>() };

function count(text: string): number {
  counter ??= pieceCounter(o200k(), { split: (createRequire(import.meta.url)(O200K_SPLIT_MODULE) as { CL_AND_O_TOKEN_SPLIT_PATTERN: RegExp }).CL_AND_O_TOKEN_SPLIT_PATTERN });
  return counter(text);
}

// Counting is the costliest step of building a context block, and the same entries (rules,
// recent decisions) are counted for every block: remember counts of short texts.
const CACHE_MAX = 50_000;
const CACHEABLE_CHARS = 4_000;
const counts = new Map<string, number>();

export function tokenCount(text: string): number {
  if (!text) return 0;
  if (text.length > CACHEABLE_CHARS) return count(text);
  let n = counts.get(text);
  if (n === undefined) {
    n = count(text);
    if (counts.size >= CACHE_MAX) counts.clear();
    counts.set(text, n);
  }
  return n;
}

/** The longest prefix of `text` that, followed by `suffix`, fits in `max` tokens. */
export function truncateToTokens(text: string, max: number, suffix = '…'): string {
  if (tokenCount(text) <= max) return text;
  const room = max - tokenCount(suffix);
  if (room <= 0) return '';
  const { encode, decode } = o200k();
  let cut = decode(encode(text, PLAIN).slice(0, room));
  // A cut inside a multi-byte character decodes to U+FFFD; and decoding may re-merge tokens.
  cut = cut.replace(/\uFFFD+$/u, '');
  while (cut && tokenCount(cut + suffix) > max) cut = cut.slice(0, -1);
  return cut ? cut + suffix : '';
}
