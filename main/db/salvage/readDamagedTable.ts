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
  const page = db.prepare(`SELECT rowid, ${list} FROM ${name} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`).raw(true).safeIntegers(true);
  const probe = db.prepare(`SELECT rowid FROM ${name} WHERE rowid > ? ORDER BY rowid LIMIT 1`).raw(true).safeIntegers(true);
  const highest = attempt(() => db.prepare(`SELECT max(rowid) FROM ${name}`).raw(true).safeIntegers(true).get() as [bigint | null])?.[0] ?? null;
  const result: TableRead = { read: 0, gaps: [] };
  let after = MIN_ROWID;
  for (;;) {
    let n = 0;
    let damaged = false;
    try {
      for (const row of page.iterate(after) as Iterable<unknown[]>) {
        after = row[0] as bigint;
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
    const resume = nextReadable(probe, after, highest);
    result.gaps.push([after, resume ?? MAX_ROWID]);
    if (resume === null) return result;
    after = resume;
  }
}

/**
 * The smallest rowid `k` > `after` from which a seek (`rowid > k`) no longer meets the damage,
 * or null when none does up to the largest rowid.
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
