import crypto from 'node:crypto';

/** A new entry id in the SPEC's form (`m` + 6 hex digits), not among `taken`. */
export function newEntryId(taken: Set<string>): string {
  for (;;) {
    const id = 'm' + crypto.randomBytes(3).toString('hex');
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}
