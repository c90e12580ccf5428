import crypto from 'node:crypto';

/** Random bytes drawn ahead: one system call per id made a 100,000-entry import pay ~0.3 s. */
let pool = Buffer.alloc(0);
let offset = 0;

/** A new entry id in the SPEC's form (`m` + 6 hex digits), not among `taken`. */
export function newEntryId(taken: Set<string>): string {
  for (;;) {
    if (offset + 3 > pool.length) {
      pool = crypto.randomBytes(3 * 4096);
      offset = 0;
    }
    const id = 'm' + pool.toString('hex', offset, offset + 3);
    offset += 3;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}
