import { createRequire } from 'node:module';

type O200k = typeof import('gpt-tokenizer/encoding/o200k_base');

let tokenizer: O200k | null = null;

/**
 * The one tokenizer of Engram (o200k_base): budgets, context items and reported counts all
 * use it, so `tokens ≤ budget` means the same thing everywhere. Loaded on first use: its
 * tables take about half a second to load, which CLI commands that never count should not pay.
 */
function o200k(): O200k {
  tokenizer ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as O200k;
  return tokenizer;
}

export function tokenCount(text: string): number {
  return text ? o200k().countTokens(text) : 0;
}

/** The longest prefix of `text` that, followed by `suffix`, fits in `max` tokens. */
export function truncateToTokens(text: string, max: number, suffix = '…'): string {
  if (tokenCount(text) <= max) return text;
  const room = max - tokenCount(suffix);
  if (room <= 0) return '';
  const { encode, decode } = o200k();
  let cut = decode(encode(text).slice(0, room));
  // A cut inside a multi-byte character decodes to U+FFFD; and decoding may re-merge tokens.
  cut = cut.replace(/\uFFFD+$/u, '');
  while (cut && tokenCount(cut + suffix) > max) cut = cut.slice(0, -1);
  return cut ? cut + suffix : '';
}
