import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomicWrite';
import { ENGRAM_DIR } from '../engramFolder';

/** One file of a multi-file write: its bytes before and after (byte strings; null: absent). */
export interface JournalFile {
  /** Relative to the project root, with `/` separators. */
  path: string;
  before: string | null;
  after: string;
}

export interface WriteJournal {
  id: string;
  files: JournalFile[];
}

/** `.engram/.journal/`: intents of multi-file writes in progress (hidden: not memory). */
export function journalDir(root: string): string {
  return path.join(root, ENGRAM_DIR, '.journal');
}

function journalFile(root: string, id: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new Error(`not a journal id: ${id}`);
  return path.join(journalDir(root), `${id}.json`);
}

const enc = (s: string | null) => (s === null ? null : Buffer.from(s, 'latin1').toString('base64'));
const dec = (s: string | null) => (s === null ? null : Buffer.from(s, 'base64').toString('latin1'));

/** Written (and fsynced) before the first file is touched: enough to finish or undo the write. */
export function writeJournal(root: string, journal: WriteJournal): void {
  fs.mkdirSync(journalDir(root), { recursive: true });
  const body = { id: journal.id, files: journal.files.map((f) => ({ path: f.path, before: enc(f.before), after: enc(f.after) })) };
  writeFileAtomic(journalFile(root, journal.id), JSON.stringify(body));
}

export function removeJournal(root: string, id: string): void {
  fs.rmSync(journalFile(root, id), { force: true });
}

/** Journals left by writes that did not finish (a crash), oldest first. Unreadable ones are skipped. */
export function pendingJournals(root: string): WriteJournal[] {
  let names: string[];
  try {
    names = fs.readdirSync(journalDir(root)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: WriteJournal[] = [];
  for (const name of names) {
    try {
      const raw = JSON.parse(fs.readFileSync(path.join(journalDir(root), name), 'utf8')) as { id: string; files: { path: string; before: string | null; after: string }[] };
      out.push({ id: raw.id, files: raw.files.map((f) => ({ path: f.path, before: dec(f.before), after: dec(f.after)! })) });
    } catch {
      // A journal torn by the crash itself was never acted on (it is written before any file).
      fs.rmSync(path.join(journalDir(root), name), { force: true });
    }
  }
  return out;
}
