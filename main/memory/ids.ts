import crypto from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Random bytes drawn ahead: one system call per id made a 100,000-entry import pay ~0.3 s. */
let pool = Buffer.alloc(0);
let offset = 0;

function drawNumber(): number {
  if (offset + 3 > pool.length) {
    pool = crypto.randomBytes(3 * 4096);
    offset = 0;
  }
  const n = (pool[offset] << 16) | (pool[offset + 1] << 8) | pool[offset + 2];
  offset += 3;
  return n;
}

// From a table, not toString(16): a call into the runtime per id was most of its cost.
const idOf = (n: number): string => 'm' + HEX[n >> 16] + HEX[(n >> 8) & 255] + HEX[n & 255];

/** An entry id as the SPEC writes it: `m` and 6 hex digits. */
export const ENTRY_ID = /^m[0-9a-f]{6}$/;

/** A new entry id in the SPEC's form (`m` + 6 hex digits), not among `taken`. */
export function newEntryId(taken: Set<string>): string {
  for (;;) {
    const id = idOf(drawNumber());
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** How many ids the SPEC's form allows: 6 hex digits. */
const ID_SPACE = 1 << 24;

/**
 * New ids for a large write (an import): consecutive numbers from a random start, skipping
 * `taken` (the ids already in the file). The index keeps its rows in id order, so consecutive
 * ids go in side by side where random ones touched a page of the index each: a 100,000-entry
 * import spent about a fifth of its time there. The random start keeps two writes (two clones
 * of a team's memory) as unlikely to share ids as random ids are, on average.
 */
export class EntryIdRun {
  private cursor: number;
  private handedOut = 0;

  /** `start`: the number of the run's first id (random when not given). */
  constructor(private readonly taken: Set<string>, start = drawNumber()) {
    this.cursor = start % ID_SPACE;
  }

  next(): string {
    // Never past a whole turn of the id space: no id is handed out twice.
    while (this.handedOut < ID_SPACE) {
      const n = this.cursor;
      this.cursor = (n + 1) % ID_SPACE;
      this.handedOut++;
      const id = idOf(n);
      if (!this.taken.has(id)) return id;
    }
    throw new Error(`every one of the ${ID_SPACE.toLocaleString('en')} entry ids is in use in this memory file`);
  }
}
