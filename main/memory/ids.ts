import crypto from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Random bytes drawn ahead: one system call per id made a 100,000-entry import pay ~0.3 s. */
let pool = Buffer.alloc(0);
let offset = 0;

/** The number behind the id drawId returned last (an object per id was garbage an import paid for). */
let drawnNumber = 0;

function drawId(): string {
  if (offset + 3 > pool.length) {
    pool = crypto.randomBytes(3 * 4096);
    offset = 0;
  }
  drawnNumber = (pool[offset] << 16) | (pool[offset + 1] << 8) | pool[offset + 2];
  // From a table, not pool.toString('hex'): a call into the runtime per id was most of its cost.
  const id = 'm' + HEX[pool[offset]] + HEX[pool[offset + 1]] + HEX[pool[offset + 2]];
  offset += 3;
  return id;
}

/** An entry id as the SPEC writes it: `m` and 6 hex digits. */
export const ENTRY_ID = /^m[0-9a-f]{6}$/;

/** A new entry id in the SPEC's form (`m` + 6 hex digits), not among `taken`. */
export function newEntryId(taken: Set<string>): string {
  for (;;) {
    const id = drawId();
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * New ids for a write too large to keep its ids in a set (a streamed import of any size): one
 * bit per possible id (2^24 of them: 2 MiB, outside the JavaScript heap) marks those handed out.
 * `taken`: the ids already in the file, never handed out.
 */
export class EntryIdClaims {
  private readonly claimed = new Uint8Array(1 << 21);

  constructor(private readonly taken: Set<string>) {}

  next(): string {
    for (;;) {
      const id = drawId();
      const n = drawnNumber;
      const bit = 1 << (n & 7);
      if (this.claimed[n >> 3] & bit || this.taken.has(id)) continue;
      this.claimed[n >> 3] |= bit;
      return id;
    }
  }
}
