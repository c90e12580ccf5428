import fs from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { writeTransaction } from '../writeTransaction';
import { KEPT_TABLES, type KeptTable, type SalvageKind } from './keptTables';
import { quoteName, readDamagedTable } from './readDamagedTable';

export interface TableSalvage {
  table: string;
  kind: SalvageKind;
  /** Rows of the damaged file now in the rebuilt database. */
  kept: number;
  /** Rows the damaged file held, when it can still count them (an intact index counts them); else null. */
  total: number | null;
  /** Rows read but refused by the rebuilt database (a reference to a row that was lost, a garbled value). */
  refused: number;
  /** Some of its pages could not be read. */
  damaged: boolean;
  /** Why nothing of this table could be copied. */
  error?: string;
}

export interface SalvageReport {
  /** The moved-aside file read from. */
  from: string;
  tables: TableSalvage[];
  /** Why the moved-aside file could not be read at all. */
  error?: string;
}

/**
 * Copies into the freshly rebuilt database `target` every row still readable from the tables
 * of `damagedFile` that hold data found nowhere else (KEPT_TABLES), one transaction per
 * table, skipping pages that cannot be read. Only the columns both schemas have are copied (the
 * damaged file may be older or newer); rows already in `target` are left as they are. Never
 * throws for what it meets in the damaged file: the report says what was kept and what was not.
 */
export function salvageDatabase(target: Database, damagedFile: string, options: { nativeBinding?: string } = {}): SalvageReport {
  const report: SalvageReport = { from: damagedFile, tables: [] };
  const hadWal = fs.existsSync(`${damagedFile}-wal`);
  let source: Database;
  try {
    source = new BetterSqlite3(damagedFile, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (err) {
    report.error = (err as Error).message;
    return report;
  }
  try {
    // Check each cell's size against its page as it is read: damage is met as SQLITE_CORRUPT
    // instead of being read as garbage rows.
    source.pragma('cell_size_check = ON');
    let present: Set<string>;
    try {
      present = new Set(source.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    } catch (err) {
      report.error = (err as Error).message;
      return report;
    }
    for (const kept of KEPT_TABLES) {
      if (!present.has(kept.table)) continue;
      report.tables.push(salvageTable(source, target, kept));
    }
    return report;
  } finally {
    source.close();
    forgetOwnWal(damagedFile, hadWal);
  }
}

/**
 * Reading a WAL database, even read-only, makes its -wal and -shm files; the moved file is left
 * as it was found, so an empty -wal (and its -shm) this reader made goes.
 */
function forgetOwnWal(file: string, hadWal: boolean): void {
  if (hadWal) return;
  try {
    if (fs.statSync(`${file}-wal`).size !== 0) return;
    fs.rmSync(`${file}-wal`);
    fs.rmSync(`${file}-shm`, { force: true });
  } catch {
    // None was made.
  }
}

function salvageTable(source: Database, target: Database, kept: KeptTable): TableSalvage {
  const result: TableSalvage = { table: kept.table, kind: kept.kind, kept: 0, total: null, refused: 0, damaged: false };
  try {
    result.total = countRows(source, kept.table);
    const theirs = new Set(columnsOf(source, kept.table));
    const columns = columnsOf(target, kept.table).filter((c) => theirs.has(c));
    if (!columns.length) return result;
    const insert = target.prepare(`INSERT OR IGNORE INTO ${quoteName(kept.table)} (${columns.map(quoteName).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const nullable = (kept.orphanToNull ?? []).map((c) => columns.indexOf(c)).filter((i) => i >= 0);
    writeTransaction(target, () => {
      const read = readDamagedTable(source, kept.table, columns, (row) => {
        try {
          insert.run(row);
          result.kept++;
        } catch (err) {
          if (nullable.length && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
            try {
              insert.run(row.map((v, i) => (nullable.includes(i) ? null : v)));
              result.kept++;
              return;
            } catch {
              // Refused for another reason too: counted below.
            }
          }
          result.refused++;
        }
      });
      result.damaged = read.gaps.length > 0;
    });
  } catch (err) {
    // Rolled back: nothing of this table was copied.
    result.kept = 0;
    result.error = (err as Error).message;
  }
  return result;
}

function columnsOf(db: Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
}

/**
 * How many rows the table held. SQLite counts from its smallest index, which may be intact
 * when the table's own pages are not; each full index is tried, then the table itself.
 */
function countRows(db: Database, table: string): number | null {
  const name = quoteName(table);
  let indexes: string[] = [];
  try {
    indexes = (db.prepare(`SELECT name, partial FROM pragma_index_list(?)`).all(table) as { name: string; partial: number }[]).filter((i) => !i.partial).map((i) => i.name);
  } catch {
    // The schema names no index we can use: the table is counted by itself.
  }
  const tries = [`SELECT count(*) FROM ${name}`, ...indexes.map((i) => `SELECT count(*) FROM ${name} INDEXED BY ${quoteName(i)}`), `SELECT count(*) FROM ${name} NOT INDEXED`];
  for (const sql of tries) {
    try {
      return Number(db.prepare(sql).pluck().get());
    } catch {
      // Damaged on this path: try the next.
    }
  }
  return null;
}
