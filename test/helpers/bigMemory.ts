import { seededRandom } from './seededRandom';

const KINDS = ['Context', 'Rules', 'Decisions', 'Knowledge', 'Patterns', 'Gotchas'];
const PATHS = ['src/index.ts', 'README.md', 'src/gone/old.ts', 'docs/guide.md', '`package.json`'];
const DATES = ['yesterday', 'last week', '3 days ago'];

/**
 * A MEMORY.md of `n` entries the way a long-lived project grows one: words with a Zipf-like
 * spread (a few everywhere, most rare), 5% exact and 5% near duplicates of earlier entries,
 * some paths (existing or gone) and relative dates, spread over the six sections.
 */
export function bigMemory(n: number, seed = 11): string {
  const rand = seededRandom(seed);
  const vocab = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
  const word = () => vocab[Math.floor(Math.pow(rand(), 3) * vocab.length)];
  const texts: string[] = [];
  const sections = new Map<string, string[]>(KINDS.map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    const roll = rand();
    let text: string;
    if (texts.length && roll < 0.05) text = texts[Math.floor(rand() * texts.length)];
    else if (texts.length && roll < 0.1) text = texts[Math.floor(rand() * texts.length)].replace(/\.$/, '') + ' too.';
    else {
      const words = Array.from({ length: 8 + Math.floor(rand() * 16) }, word);
      if (rand() < 0.05) words.splice(2, 0, PATHS[Math.floor(rand() * PATHS.length)]);
      if (rand() < 0.03) words.push(DATES[Math.floor(rand() * DATES.length)]);
      text = words.join(' ') + '.';
    }
    texts.push(text);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28) % 12).padStart(2, '0');
    sections.get(KINDS[Math.floor(rand() * KINDS.length)])!.push(`- ${text} <!-- id:m${i.toString(16).padStart(6, '0')} at:2025-${month}-${day} -->`);
  }
  const out = ['# Project memory', ''];
  for (const [kind, lines] of sections) out.push(`## ${kind}`, ...lines, '');
  out.push('## Superseded', '');
  return out.join('\n');
}
