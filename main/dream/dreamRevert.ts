import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { writeFileAtomic } from '../fs/atomicWrite';
import { replaceGuarded } from '../fs/guardedReplace';
import { readSnapshot } from '../memory/files/memoryFileWriter';
import { byteStringToBytes } from '../memory/markdown/byteString';
import { acquireDreamLock } from './dreamLock';
import { isRestoredDream, restoreDreamHistory, revertedLine } from './dreamHistoryFiles';
import { DreamStore } from './dreamStore';
import { NotFoundError } from '../errors/domainErrors';
import { indexOwnWrites } from '../memory/index/ownWrites';
import type { MemoryActor } from '../memory/events/eventLog';
import { engramLayout } from '../../contract/engramLayout';

export class DreamNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`no dream ${id} in this project (see: engram dream history)`);
    this.name = 'DreamNotFoundError';
  }
}

/**
 * Puts back, byte for byte, every file a dream changed. Whatever is there now and differs from
 * what the dream wrote (a person's later edit, a later dream) is first saved beside the report
 * as `<id>.replaced/<file>`, so a revert loses nothing either.
 */
export function revertDream(db: Database, projectRoot: string, id: string, actor: MemoryActor): { reverted: string; saved: string[] } {
  const root = fs.realpathSync(projectRoot);
  const store = new DreamStore(db);
  restoreDreamHistory(db, root);
  const record = store.get(root, id);
  if (!record) throw new DreamNotFoundError(id);
  if (record.status === 'reverted') throw new Error(`dream ${id} was already reverted at ${record.revertedAt}`);
  const release = acquireDreamLock(root);
  try {
    const saved: string[] = [];
    // Rebuilt from files, the bytes the dream wrote are a guess: keep anything that differs.
    const restored = isRestoredDream(db, id);
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const f of store.files(id)) {
        const target = path.join(root, f.path);
        const now = readSnapshot(target);
        if (now.exists && now.bytes !== f.before && (restored || now.bytes !== f.after)) {
          const aside = engramLayout.dreamReplaced(id, f.path);
          fs.mkdirSync(path.dirname(path.join(root, aside)), { recursive: true });
          writeFileAtomic(path.join(root, aside), byteStringToBytes(now.bytes));
          saved.push(aside);
        }
        if (f.before === null) fs.rmSync(target, { force: true });
        // A save landing in the instant of the write is kept as a conflict copy (see replaceGuarded).
        else replaceGuarded(target, () => byteStringToBytes(f.before!));
      }
      store.markReverted(id, at);
      // Each entry the revert changed goes on the timeline once, credited to who reverted.
      indexOwnWrites(db, root, store.files(id).map((f) => f.path), { actor, note: `revert of dream ${id}` });
    }).immediate();
    // The report says so too, so a history rebuilt from the files knows it (restoreDreamHistory).
    const report = path.join(root, record.report);
    if (fs.existsSync(report)) fs.appendFileSync(report, revertedLine(at));
    return { reverted: id, saved };
  } finally {
    release();
  }
}
