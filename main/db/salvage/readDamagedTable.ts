import type { Database, Statement } from 'better-sqlite3';

const MIN_ROWID = -(2n ** 63n);
const MAX_ROWID = 2n ** 63n - 1n;
const PAGE = 500;
/**
 * Below the table's highest rowid, a skip over unreadable rows grows by doubling up to this
 * many rowids: a readable leaf page between two damaged ones (a few dozen rows) is not jumped
 * over. Above it (or when the highest rowid cannot be read) the skip doubles freely.
 */
const MAX_STEP_INSIDE = 256n;

export interface TableRead {
  /** Rows handed to `onRow`. */
  read: number;
  /** Rowid ranges (exclusive, inclusive] that could not be read: rows on damaged pages. */
  gaps: Array<[bigint, bigint]>;
}

/**
 * Reads every row of `table` that can still be read from a damaged database, in rowid order.
 * SQLite stops a scan at the first damaged page (SQLITE_CORRUPT); the scan is then resumed
 * just past the damage: the next rowid a seek can reach is found by probing ever further
 * (doubling) and then bisecting back to the first one, so only the rows on pages that cannot
 * be read are lost. Rows come as arrays of the given columns, integers as BigInt (exact).
 * Errors other than damage (and any thrown by `onRow`) propagate.
 */
export function readDamagedTable(db: Database, table: string, columns: string[], onRow: (row: unknown[]) => void): TableRead {
  const name = quoteName(table);
  const list = columns.map(quoteName).join(', ');
  // `>=`: resuming past damage starts at the first rowid of the next readable page (see nextReadable).
  const page = db.prepare(`SELECT rowid, ${list} FROM ${name} WHERE rowid >= ? ORDER BY rowid LIMIT ${PAGE}`).raw(true).safeIntegers(true);
  const probe = db.prepare(`SELECT rowid FROM ${name} WHERE rowid > ? ORDER BY rowid LIMIT 1`).raw(true).safeIntegers(true);
  const highest = attempt(() => db.prepare(`SELECT max(rowid) FROM ${name}`).raw(true).safeIntegers(true).get() as [bigint | null])?.[0] ?? null;
  const result: TableRead = { read: 0, gaps: [] };
  let from = MIN_ROWID;
  for (;;) {
    let n = 0;
    let damaged = false;
    try {
      for (const row of page.iterate(from) as Iterable<unknown[]>) {
        from = (row[0] as bigint) + 1n;
        n++;
        result.read++;
        onRow(row.slice(1));
      }
    } catch (err) {
      if (!isDamage(err)) throw err;
      damaged = true;
    }
    if (!damaged) {
      if (n < PAGE) return result;
      continue;
    }
    const resume = nextReadable(probe, from - 1n, highest);
    result.gaps.push([from - 1n, resume === null ? MAX_ROWID : resume - 1n]);
    if (resume === null) return result;
    from = resume;
  }
}

/**
 * The first rowid past the damage met after `after`: the smallest `k` for which a seek to it
 * lands on a readable page, or null when none does up to the largest rowid. A probe
 * `rowid > k` seeks to k and steps on: it meets the damage for every k up to the last rowid
 * of the damaged page, so the smallest k it passes is that last rowid plus one, the first
 * rowid the next page can hold (read from with `rowid >= k`).
 */
function nextReadable(probe: Statement, after: bigint, highest: bigint | null): bigint | null {
  const reaches = (k: bigint) => attempt(() => probe.get(k)) !== undefined;
  let failed = after;
  let step = 1n;
  let found: bigint | null = null;
  while (failed < MAX_ROWID) {
    const k = failed + step > MAX_ROWID ? MAX_ROWID : failed + step;
    if (reaches(k)) {
      found = k;
      break;
    }
    failed = k;
    if (highest === null || k >= highest || step < MAX_STEP_INSIDE) step *= 2n;
  }
  if (found === null) return null;
  // Bisect: `failed` meets the damage, `reached` does not.
  let reached: bigint = found;
  while (reached - failed > 1n) {
    const mid: bigint = failed + (reached - failed) / 2n;
    if (reaches(mid)) reached = mid;
    else failed = mid;
  }
  return reached;
}

/** The statement's result, or undefined when it met the damage. */
function attempt<T>(fn: () => T): T | undefined | null {
  try {
    return fn() ?? null;
  } catch (err) {
    if (isDamage(err)) return undefined;
    throw err;
  }
}

/** SQLite's codes for a page it cannot make sense of (and the I/O error a truncated file gives). */
function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_IOERR'));
}

export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
