import { createRequire } from 'node:module';
import type { Database } from 'better-sqlite3';

const loaded = new WeakMap<Database, string | null>();

/**
 * Loads the sqlite-vec extension into this connection, once. Returns null when it loaded, else
 * why not (an unsupported platform, the platform package missing): vectors are then searched
 * by a scan of their float32 rows, slower but the same answers. `again`: the handle now
 * reaches a new connection (the host replaced a damaged database), which has no extension yet.
 */
export function loadSqliteVec(db: Database, again = false): string | null {
  if (loaded.has(db) && !again) return loaded.get(db)!;
  let problem: string | null = null;
  try {
    const req = createRequire(__filename);
    const { getLoadablePath } = req('sqlite-vec') as { getLoadablePath(): string };
    // In the packaged app the extension is unpacked beside app.asar (electron-builder.yml
    // asarUnpack): the dynamic loader cannot read inside the archive.
    db.loadExtension(getLoadablePath().replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'));
  } catch (err) {
    problem = (err as Error).message.split('\n')[0];
  }
  loaded.set(db, problem);
  return problem;
}
