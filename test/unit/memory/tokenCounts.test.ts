import { describe, expect, it } from 'vitest';
import { countTokens, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { CL_AND_O_TOKEN_SPLIT_PATTERN } from 'gpt-tokenizer/esm/encodingParams/constants';
import { pieceCounter } from '../../../main/memory/context/pieceCounter';
import { tokenCount, truncateToTokens } from '../../../main/memory/context/tokens';
import { countTokensAhead } from '../../../main/memory/context/tokenCountWorker';
import { seededRandom as mulberry32 } from '../../helpers/seededRandom';

const PLAIN = { disallowedSpecial: new Set<string>() };

/** The pieces the counter splits a text into: a library that records what it is asked to count. */
function piecesOf(text: string): string[] {
  const pieces: string[] = [];
  pieceCounter({ countTokens: (piece) => (pieces.push(piece), 0) }, { maxPieces: 0, split: CL_AND_O_TOKEN_SPLIT_PATTERN })(text);
  return pieces;
}

/** What the library's pre-tokenizer makes of a text. */
const libraryPieces = (text: string) => [...text.matchAll(CL_AND_O_TOKEN_SPLIT_PATTERN)].map((m) => m[0]);

// Every class of ASCII character the pattern tells apart, the ones its alternatives hinge on
// more often: letters of both cases, digits, the apostrophe and the letters of contractions,
// spaces, tabs, vertical tab and form feed, CR and LF, punctuation, control characters.
const ALPHABET = [
  ...'aAzZsStTrReEvVlLmMdD', ...'0123456789', "'", "'", ' ', ' ', ' ', '\t', '\v', '\f', '\r', '\n', '\n',
  ...'.,;:!?()[]{}<>|/\\-_=+*&^%$#@~`"', '\x00', '\x1b', '\x1f', '\x7f',
];

// Beyond ASCII: letters (with a case, without one, CJK), combining marks, other digits, white
// space the pattern knows as \s, the long s (case-folds to "s"), dashes, quotes, emoji (two
// code units) and a joiner.
const UNICODE = [...'éÉßøΩж東京', '\u0301', '٣', '\u00a0', '\u2028', '\u3000', 'ſ', '—', '’', '…', '→', '🚀', '👍🏽', '\u200d'];

function randomText(rand: () => number, alphabet: readonly string[] = ALPHABET): string {
  const length = 1 + Math.floor(rand() * 40);
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
  return text;
}

const CASES = [
  "don't", "DON'T", "it's 'tis 'sup we're they've I'm you'll he'd", "'re'", "''s", "x'", "'",
  'HelloWorld', 'hello  world', 'a   b', 'a\tb', 'a \tb', ' leading', 'trailing ', 'trailing  ',
  'line\nbreak', 'crlf\r\nline', 'a\n  b', 'a \n b', 'a\n\n\nb', '\n', ' \n ', 'x \n',
  '12345678', 'v1.2.3', 'x123y', ' 42', '(paren)', ' (paren)', '...', '... a', ' ...\n\nx', '?!\r\n',
  'a <|endoftext|> b', '<|im_start|>user', '\x00ctrl\x7f', '\v\fspaces', 'tab\t\tthen', '',
];

describe('token counts', () => {
  it('splits ASCII text into exactly the pieces of the library\'s pattern', () => {
    for (const text of CASES) expect(piecesOf(text), JSON.stringify(text)).toEqual(libraryPieces(text));
    const rand = mulberry32(7);
    for (let i = 0; i < 20_000; i++) {
      const text = randomText(rand);
      expect(piecesOf(text), JSON.stringify(text)).toEqual(libraryPieces(text));
    }
  });

  it('counts what the library counts, cached or not, ASCII or not', () => {
    const split = CL_AND_O_TOKEN_SPLIT_PATTERN;
    const counters = [
      pieceCounter({ countTokens }, { split }),
      pieceCounter({ countTokens }, { split, maxPieces: 0 }),
      pieceCounter({ countTokens }, { maxPieces: 64 }),
    ];
    const rand = mulberry32(11);
    const texts = [
      ...CASES.filter((t) => !t.includes('<|')),
      ...Array.from({ length: 4_000 }, () => randomText(rand)),
      ...Array.from({ length: 4_000 }, () => randomText(rand, [...ALPHABET, ...UNICODE, ...UNICODE])),
      'Use pnpm, not npm: the lockfile is pnpm-lock.yaml (decided 2026-03-02).',
      'The café’s naïve résumé — 東京 🚀 emoji; Ünïcode goes to the library whole.',
    ];
    for (const text of [...texts, ...texts]) {
      for (const count of counters) expect(count(text), JSON.stringify(text)).toBe(countTokens(text));
    }
  });

  it('counts a special token as the text it is, where the library refuses the text', () => {
    const text = 'The model stops at <|endoftext|>; chat turns start with <|im_start|>.';
    expect(() => countTokens(text)).toThrow(/special token/);
    expect(tokenCount(text)).toBe(countTokens(text, PLAIN));
    expect(tokenCount('<|endoftext|>')).toBeGreaterThan(1);
    expect(tokenCount('naïve <|endoftext|>')).toBe(countTokens('naïve <|endoftext|>', PLAIN));
    const cut = truncateToTokens(`${text} ${'more words '.repeat(50)}`, 12);
    expect(cut.startsWith('The model stops at <|')).toBe(true);
    expect(tokenCount(cut)).toBeLessThanOrEqual(12);
  });

  it('counts the same in the worker thread as here', () => {
    const rand = mulberry32(3);
    const texts = [...Array.from({ length: 1_500 }, () => randomText(rand, [...ALPHABET, ...UNICODE])), 'ends with <|endoftext|>', 'naïve café <|im_end|>'];
    const counted = countTokensAhead(texts, { always: true });
    texts.forEach((text, i) => expect(counted.get(i), JSON.stringify(text)).toBe(tokenCount(text)));
    // Not a count that could come out equal by accident: the texts differ in length.
    expect(new Set(texts.map((_, i) => counted.get(i))).size).toBeGreaterThan(10);
    expect(encode(texts[0]).length).toBe(tokenCount(texts[0]));
  });
});
