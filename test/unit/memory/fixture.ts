import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Database } from '../../../main/db/database';
import { MemoryEngine } from '../../../main/memory/memoryEngine';
import { tempDir } from '../../helpers/tempDir';

export interface MemoryFixture {
  root: string;
  dataDir: string;
  memoryFile: string;
  db: Database;
  engine: MemoryEngine;
  logs: string[];
  /** A second engine on its own connection, as another process would have. */
  reopen(): MemoryEngine;
}

const open: { db: Database; engines: MemoryEngine[] }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const e of o.engines) await e.close();
    o.db.close();
  }
});

/** A project folder, a data folder and an engine over a real engram.db. */
export function memoryFixture(memory?: string | Buffer): MemoryFixture {
  const root = tempDir('engram-mem-project-');
  const dataDir = tempDir('engram-mem-data-');
  const memoryFile = path.join(root, '.engram', 'MEMORY.md');
  if (memory !== undefined) {
    fs.mkdirSync(path.dirname(memoryFile), { recursive: true });
    fs.writeFileSync(memoryFile, memory);
  }
  const logs: string[] = [];
  const db = openDatabase(dataDir, { log: (l) => logs.push(l) });
  const engine = new MemoryEngine({ db, projectRoot: root, dataDir, log: (l) => logs.push(l) });
  const entry = { db, engines: [engine] };
  open.push(entry);
  return {
    root,
    dataDir,
    memoryFile,
    db,
    engine,
    logs,
    reopen() {
      const db2 = openDatabase(dataDir);
      const e = new MemoryEngine({ db: db2, projectRoot: root, dataDir });
      open.push({ db: db2, engines: [e] });
      return e;
    },
  };
}

/** Writes a file and moves its mtime forward, as an editor's save would. */
export function editFile(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  const later = new Date(Date.now() + 2000);
  fs.utimesSync(file, later, later);
}

/** The byte ranges where two buffers differ: [start, endInA, endInB). */
export function changedRange(a: Buffer, b: Buffer): { start: number; endA: number; endB: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { start, endA, endB };
}
