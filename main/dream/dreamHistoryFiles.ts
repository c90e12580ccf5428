import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { readSnapshot } from '../memory/files/memoryFileWriter';
import { parseMemoryDocument } from '../memory/markdown/memoryDocument';
import { applySplices, removeEntry } from '../memory/markdown/memoryEdits';
import { DreamStore, type DreamFile } from './dreamStore';
import type { DreamRecord } from './dreamTypes';
import { classifyEngramPath, engramLayout } from '../../contract/engramLayout';

const MEMORY_REL = engramLayout.memoryFile;
const REPORT_NAME = /^(d\d{8}-\d{6}-[0-9a-f]{4})\.md$/;

/**
 * Puts back into engram.db the dreams of a project that only its files still know: after the
 * database was moved aside and started fresh (damaged, deleted), history would be empty and
 * no dream could be reverted. Each dream left `.engram/dreams/<id>.md` (its figures and what
 * it moved) and `<id>.before.md` (MEMORY.md before it), which is enough:
 * - MEMORY.md goes back to `<id>.before.md`; what it became is the next dream's `.before.md`,
 *   or the file as it is now for the latest dream (for the diff);
 * - a topic file goes back to its content without the entries this dream moved there, so no
 *   id ends up twice.
 * Rows made here are marked restored: reverting one keeps whatever is in a file now beside the
 * report before replacing it (the exact bytes the dream wrote are not known). Idempotent.
 */
export function restoreDreamHistory(db: Database, projectRoot: string): string[] {
  const root = fs.realpathSync(projectRoot);
  const dir = path.join(root, engramLayout.dreamsDir);
  let ids: string[];
  try {
    ids = fs
      .readdirSync(dir)
      .map((n) => REPORT_NAME.exec(n)?.[1])
      .filter((id): id is string => Boolean(id))
      .sort();
  } catch {
    return [];
  }
  if (!ids.length) return [];
  const known = new Set((db.prepare(`SELECT id FROM dream_runs WHERE project = ?`).all(root) as { id: string }[]).map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (!missing.length) return [];
  const store = new DreamStore(db);
  const restored: string[] = [];
  db.transaction(() => {
    for (const id of missing) {
      // Another process may have restored it meanwhile (this runs under the write lock).
      if (db.prepare(`SELECT 1 FROM dream_runs WHERE id = ?`).get(id)) continue;
      const before = readSnapshot(path.join(root, engramLayout.dreamBefore(id)));
      if (!before.exists) continue; // without the old MEMORY.md it cannot be reverted
      const parsed = parseReport(fs.readFileSync(path.join(root, engramLayout.dreamReport(id)), 'utf8'));
      if (!parsed) continue;
      const later = ids.slice(ids.indexOf(id) + 1).map((next) => readSnapshot(path.join(root, engramLayout.dreamBefore(next)))).find((s) => s.exists);
      const after = later ?? readSnapshot(path.join(root, MEMORY_REL));
      const files: DreamFile[] = [{ path: MEMORY_REL, before: before.bytes, after: after.bytes }];
      for (const [rel, movedIds] of parsed.moved) {
        const now = readSnapshot(path.join(root, rel));
        if (!now.exists) continue;
        const doc = parseMemoryDocument(now.bytes);
        const splices = doc.entries.filter((e) => movedIds.has(e.id)).map(removeEntry);
        files.push({ path: rel, before: applySplices(now.bytes, splices), after: now.bytes });
      }
      const record: DreamRecord = {
        ...parsed.record,
        id,
        project: root,
        report: engramLayout.dreamReport(id),
        filesChanged: files.length,
      };
      store.insert(record, files);
      db.prepare(`UPDATE dream_runs SET restored = 1 WHERE id = ?`).run(id);
      restored.push(id);
    }
  }).immediate();
  return restored;
}

/** Whether a dream's row was rebuilt from its files (see restoreDreamHistory). */
export function isRestoredDream(db: Database, id: string): boolean {
  const row = db.prepare(`SELECT restored FROM dream_runs WHERE id = ?`).get(id) as { restored: number } | undefined;
  return row?.restored === 1;
}

/** The line revert adds to a report, so a restored history knows the dream was undone. */
export function revertedLine(at: string): string {
  return `- reverted: ${at}\n`;
}

interface ParsedReport {
  record: Omit<DreamRecord, 'id' | 'project' | 'report' | 'filesChanged'>;
  /** Topic file → ids of the entries this dream moved there. */
  moved: Map<string, Set<string>>;
}

/** The figures of a report as renderDreamReport writes them (dreamReport.ts). */
function parseReport(text: string): ParsedReport | null {
  const at = /^- at: (\S+)$/m.exec(text)?.[1];
  const bytes = /^- MEMORY\.md: (\d+) → (\d+) bytes$/m.exec(text);
  const figures = /^- merged (\d+), paths fixed (\d+), paths flagged (\d+), promoted (\d+), superseded (\d+)$/m.exec(text);
  if (!at || !bytes || !figures) return null;
  const reverted = /^- reverted: (\S+)$/m.exec(text)?.[1] ?? null;
  const moved = new Map<string, Set<string>>();
  const section = /^## Moved to topic files\n((?:- .*\n?)*)/m.exec(text)?.[1] ?? '';
  for (const m of section.matchAll(/^- (\S+) → (\S+)$/gm)) {
    if (classifyEngramPath(m[2])?.kind !== 'topic') continue;
    (moved.get(m[2]) ?? moved.set(m[2], new Set()).get(m[2])!).add(m[1]);
  }
  return {
    record: {
      startedAt: at,
      finishedAt: at,
      status: reverted ? 'reverted' : 'done',
      llm: /^- model: yes$/m.test(text),
      merged: Number(figures[1]),
      pathsFixed: Number(figures[2]),
      pathsFlagged: Number(figures[3]),
      promoted: Number(figures[4]),
      superseded: Number(figures[5]),
      bytesBefore: Number(bytes[1]),
      bytesAfter: Number(bytes[2]),
      revertedAt: reverted,
    },
    moved,
  };
}
