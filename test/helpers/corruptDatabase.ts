import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seededRandom } from './seededRandom';

/**
 * Writes random bytes over whole pages of a closed SQLite file, from `from` to `to` (shares of
 * the file), leaving page 1 (the header and schema root) alone unless `from` is 0.
 */
export function scribbleOverPages(file: string, options: { from: number; to: number; seed?: number; pageSize?: number }): number {
  const pageSize = options.pageSize ?? 4096;
  const pages = Math.floor(fs.statSync(file).size / pageSize);
  const rand = seededRandom(options.seed ?? 16);
  const first = Math.max(options.from === 0 ? 0 : 1, Math.floor(pages * options.from));
  const last = Math.min(pages - 1, Math.floor(pages * options.to));
  const fd = fs.openSync(file, 'r+');
  try {
    const buf = Buffer.alloc(pageSize);
    for (let p = first; p <= last; p++) {
      for (let i = 0; i < pageSize; i++) buf[i] = Math.floor(rand() * 256);
      fs.writeSync(fd, buf, 0, pageSize, p * pageSize);
    }
  } finally {
    fs.closeSync(fd);
  }
  return last - first + 1;
}

/**
 * Damages `<dataDir>/engram.db` while a host has it open: everything checkpointed into the main
 * file (so no page is read from the WAL instead), then most pages overwritten. The host meets
 * the damage at its next read of those pages.
 */
export function damageOpenDatabase(dataDir: string): void {
  const file = path.join(dataDir, 'engram.db');
  const other = new Database(file);
  other.pragma('wal_checkpoint(TRUNCATE)');
  other.close();
  scribbleOverPages(file, { from: 0.02, to: 1, seed: 7 });
}

export interface BtreePage {
  /** The table or index the page belongs to. */
  name: string;
  /** 1-based, as SQLite numbers pages. */
  pageno: number;
  /** internal | leaf | overflow */
  pagetype: string;
  /** Cells on the page: for a table's leaf page, its rows. */
  ncell: number;
}

/** The pages of the named tables and indexes of a closed SQLite file (SQLite's dbstat table). */
export function pagesOf(file: string, names: string[]): BtreePage[] {
  const db = new Database(file, { readonly: true });
  try {
    const marks = names.map(() => '?').join(', ');
    return db.prepare(`SELECT name, pageno, pagetype, ncell FROM dbstat WHERE name IN (${marks}) ORDER BY pageno`).all(...names) as BtreePage[];
  } finally {
    db.close();
  }
}

/** Writes random bytes over the given pages (1-based numbers) of a closed SQLite file. */
export function scribbleOverPageNumbers(file: string, pages: number[], seed = 11, pageSize = 4096): void {
  const rand = seededRandom(seed);
  const fd = fs.openSync(file, 'r+');
  try {
    const buf = Buffer.alloc(pageSize);
    for (const p of pages) {
      for (let i = 0; i < pageSize; i++) buf[i] = Math.floor(rand() * 256);
      fs.writeSync(fd, buf, 0, pageSize, (p - 1) * pageSize);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Damages only the memory index (what Engram rebuilds from the files) of `<dataDir>/engram.db`,
 * open or not: everything checkpointed into the main file first, then every page of the index's
 * tables overwritten. Returns how many pages were.
 */
export function damageMemoryIndex(dataDir: string): number {
  const file = path.join(dataDir, 'engram.db');
  const other = new Database(file);
  other.pragma('wal_checkpoint(TRUNCATE)');
  other.close();
  const pages = pagesOf(file, ['memory_docs', 'memory_fts_data', 'memory_fts_idx', 'memory_files']).map((p) => p.pageno);
  scribbleOverPageNumbers(file, pages);
  return pages.length;
}
