import type { Database, Statement } from 'better-sqlite3';

const MIN_ROWID = -(2n ** 63n);
const MAX_ROWID = 2n ** 63n - 1n;
const PAGE = 500;
/**
 * Past the damage, the next readable rowid is looked for one by one over this many rowids:
 * a damaged leaf page holds a few to a few dozen rows, and a readable page between two damaged
 * ones (as few as one row of a long message) is not jumped over. Further on (a damaged interior
 * page hides everything under it) the step doubles, up to MAX_STEP_INSIDE between the table's
 * lowest and highest rowid, freely outside them.
 */
const ONE_BY_ONE = 256n;
const MAX_STEP_INSIDE = 1024n;
/** Where the range ends when the highest rowid cannot be read (Engram's tables count up from 1). */
const ASSUMED_HIGHEST = 2n ** 20n;

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
  const seek = db.prepare(`SELECT rowid FROM ${name} WHERE rowid >= ? ORDER BY rowid LIMIT 1`).raw(true).safeIntegers(true);
  const one = db.prepare(`SELECT ${list} FROM ${name} WHERE rowid = ?`).raw(true).safeIntegers(true);
  const bound = (fn: 'min' | 'max') => attempt(() => db.prepare(`SELECT ${fn}(rowid) FROM ${name}`).raw(true).safeIntegers(true).get() as [bigint | null])?.[0] ?? null;
  // Rowids count up from 1 in Engram's tables: below the lowest one there is nothing to find.
  const range: [bigint, bigint] = [bound('min') ?? 1n, bound('max') ?? ASSUMED_HIGHEST];
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
    // The seek to `from` may work while the row there cannot be read (a damaged overflow page,
    // a garbled cell): only that row is skipped. (Or the scan's step met damage the seek from
    // the root does not: the row is read by itself.)
    const here = attempt(() => seek.get(from) as [bigint] | undefined);
    if (here === null) return result;
    if (here !== undefined) {
      const row = attempt(() => one.get(here[0]) as unknown[] | undefined);
      if (row) {
        result.read++;
        onRow(row);
      } else {
        result.gaps.push([here[0] - 1n, here[0]]);
      }
      if (here[0] >= MAX_ROWID) return result;
      from = here[0] + 1n;
      continue;
    }
    // The seek itself meets the damage, and so does `rowid > from` (the same seek, then a step).
    const resume = nextReadable(probe, from - 1n, range);
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
function nextReadable(probe: Statement, after: bigint, [lowest, highest]: [bigint, bigint]): bigint | null {
  const reaches = (k: bigint) => attempt(() => probe.get(k)) !== undefined;
  const start = after < lowest - 1n ? lowest - 1n : after;
  let failed = start;
  let step = 1n;
  let found: bigint | null = null;
  while (failed < MAX_ROWID) {
    const k = failed + step > MAX_ROWID ? MAX_ROWID : failed + step;
    if (reaches(k)) {
      found = k;
      break;
    }
    failed = k;
    if (k - start < ONE_BY_ONE && k < highest) continue;
    if (k >= highest || step < MAX_STEP_INSIDE) step *= 2n;
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
