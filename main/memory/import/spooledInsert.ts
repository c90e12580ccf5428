import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { removeStaleTempFiles } from '../../fs/staleTempFiles';
import { InvalidInputError } from '../../errors/domainErrors';
import type { EventLog } from '../events/eventLog';
import { readSnapshot, ConcurrentEditError } from '../files/memoryFileWriter';
import { newEntryDocument, type IndexDoc } from '../index/indexDocuments';
import type { ScopeIndexer } from '../index/scopeIndexer';
import type { RowRange } from '../index/docStore';
import { parseMemoryDocument } from '../markdown/memoryDocument';
import { insertEntries, renderEntry } from '../markdown/memoryEdits';
import { EntryIdRun } from '../ids';
import { redactionEvents, requireCleanText, tellRedactions, who, type ChangeContext } from '../memoryWriter';
import type { SecretFinding } from '../../secrets/secretScanner';
import type { EntrySpool, SpooledEntry } from './entrySpool';
import { countTokensAhead, type TokenCounts } from '../context/tokenCountWorker';

/**
 * Beyond this MEMORY.md is refused by an import: every later write reads the file whole, and
 * V8 cannot hold a string much over 512 MiB. A dream moves entries to topic files instead.
 */
export const MAX_MEMORY_FILE_BYTES = 256 * 1024 * 1024;
/** What the metadata comment and list marker add to an entry's text, at most. */
export const ENTRY_OVERHEAD = 64;
const ROWS_PER_CHUNK = 2000;
const WRITE_CHUNK = 1 << 20;
const MAX_ATTEMPTS = 5;

export class ImportTooLargeError extends InvalidInputError {
  constructor(bytes: number) {
    super(
      `the import would make MEMORY.md over ${Math.round(bytes / 1048576)} MiB; Engram keeps it under ` +
        `${MAX_MEMORY_FILE_BYTES / 1048576} MiB (it is read whole on every write). Nothing was imported: split the file and dream in between.`,
    );
  }
}

class FileChangedMeanwhile extends Error {}

export interface SpooledInsertDeps {
  db: Database;
  indexer: ScopeIndexer;
  events: EventLog;
  /** Absolute path of the memory file. */
  file: string;
  template: string;
  /** Brings the index in step with the file (and creates .engram/ if needed), before each attempt. */
  prepare: () => void;
}

/**
 * Adds every spooled entry to the memory file in one write, streaming: the new file is
 * composed in a temp file (the current bytes, with each kind's entries spliced in where
 * `insertEntries` puts them), its index rows and events inserted in chunks, and the temp file
 * renamed over the original only if that did not change meanwhile. Runs inside the caller's
 * immediate transaction: an error anywhere before the rename leaves file, index and events as
 * they were. Memory holds the current MEMORY.md and one chunk, not the import.
 */
export function insertSpooled(deps: SpooledInsertDeps, spool: EntrySpool, ctx: ChangeContext): number {
  const rel = deps.indexer.scope.memoryFile.split(path.sep).join('/');
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      return deps.db.transaction(() => insertOnce(deps, rel, spool, ctx))();
    } catch (err) {
      if (!(err instanceof FileChangedMeanwhile)) throw err;
    }
  }
  throw new ConcurrentEditError(deps.file);
}

function insertOnce(deps: SpooledInsertDeps, rel: string, spool: EntrySpool, ctx: ChangeContext): number {
  deps.prepare();
  const snap = readSnapshot(deps.file);
  const doc = parseMemoryDocument(snap.exists ? snap.bytes : deps.template);
  if (doc.bytes.length + spool.estimatedBytes() > MAX_MEMORY_FILE_BYTES) throw new ImportTooLargeError(doc.bytes.length + spool.estimatedBytes());
  // The index must hold exactly these bytes, so that appending rows keeps it true; if a person
  // saved between the sync and this read, try again.
  if (snap.exists && deps.indexer.indexedHash(rel) !== snap.hash) throw new FileChangedMeanwhile();

  // The ids of an import are a run (see EntryIdRun), not kept in memory.
  const ids = new EntryIdRun(new Set(doc.entries.map((e) => e.id)));

  // Where each kind's entries go, in file order; kinds at the same place keep their order.
  const places = spool
    .kinds()
    .map((kind, order) => ({ kind, order, splice: insertEntries(doc, kind, []) }))
    .sort((a, b) => a.splice.start - b.splice.start || a.order - b.order);

  const dir = path.dirname(deps.file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(deps.file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(deps.file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const fd = fs.openSync(tmp, 'wx', mode ?? 0o644);
  const hash = crypto.createHash('sha256');
  let added = 0; // a count, not the ids: a million ids would be tens of megabytes
  // Byte strings are joined as strings and made a buffer once per chunk, not once per entry.
  let pending = '';
  const flush = () => {
    if (!pending.length) return;
    const buf = Buffer.from(pending, 'latin1');
    fs.writeSync(fd, buf);
    hash.update(buf);
    pending = '';
  };
  const write = (byteString: string) => {
    pending += byteString;
    if (pending.length >= WRITE_CHUNK) flush();
  };
  let renamed = false;
  try {
    let rows: IndexDoc[] = [];
    // The redactions of the chunk's entries, by position; empty when there were none.
    let redacted: { at: number; findings: SecretFinding[] }[] = [];
    // One write, one moment: the import's events share its time.
    const at = new Date().toISOString();
    const by = who(ctx);
    // One chunk in flight: its token counts are counted in a worker (whose heap holds the
    // tokenizer, not this one) while the next chunk is scanned and written; then its rows go
    // in. Their text is indexed, and their events written, from the rows by one statement each
    // for as long a run of rows as possible (each statement over a chunk cost a tenth more);
    // a chunk with a redaction writes its events one by one, each redaction after its entry.
    let counting: { rows: IndexDoc[]; counted: TokenCounts; redacted: typeof redacted } | null = null;
    const unindexed = rowRun((rows) => deps.indexer.indexInserted(rows));
    const eventless = rowRun((rows) => deps.events.recordAddedRows(rows, by, at));
    const insertCounted = () => {
      if (!counting) return;
      const range = deps.indexer.insertRows(rel, counting.rows, counting.counted);
      if (range) unindexed.add(range);
      if (range && !counting.redacted.length) eventless.add(range);
      else {
        eventless.flush();
        recordOneByOne(deps, counting.rows, counting.redacted, ctx, at);
      }
      counting = null;
    };
    const flushRows = () => {
      // This chunk goes to the worker first, so it is counted while the previous one's rows go in.
      const next = rows.length ? { rows, counted: countTokensAhead(rows.map((r) => r.body), { always: true }), redacted } : null;
      rows = [];
      redacted = [];
      insertCounted();
      counting = next;
    };
    let cursor = 0;
    for (const { kind, splice } of places) {
      write(doc.bytes.slice(cursor, splice.start));
      cursor = splice.start;
      write(splice.insert);
      for (const entry of spool.entries(kind)) {
        const id = ids.next();
        const meta = metaOf(id, entry);
        // As every write of memory: secrets are replaced before the text reaches the file.
        const { text, findings } = requireCleanText(entry.text);
        tellRedactions(ctx, findings);
        write(renderEntry(doc, { text, meta }) + doc.eol);
        added++;
        if (findings.length) redacted.push({ at: rows.length, findings });
        rows.push(newEntryDocument(id, kind, text, meta));
        if (rows.length >= ROWS_PER_CHUNK) flushRows();
      }
    }
    write(doc.bytes.slice(cursor));
    flush();
    flushRows();
    insertCounted();
    unindexed.flush();
    eventless.flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // A person saved meanwhile: start over on their version (the savepoint is rolled back).
    const now = readSnapshot(deps.file);
    if (now.exists !== snap.exists || now.hash !== snap.hash) throw new FileChangedMeanwhile();
    fs.renameSync(tmp, deps.file);
    renamed = true;
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // closed already
    }
    if (!renamed) fs.rmSync(tmp, { force: true });
  }
  syncDir(dir);
  removeStaleTempFiles(dir); // an import killed earlier left its temp file
  deps.indexer.markIndexed(rel, hash.digest('hex'));
  return added;
}

/** Consecutive row ranges joined into one, handed to `use` when a gap comes or on `flush`. */
function rowRun(use: (rows: RowRange) => void): { add(rows: RowRange): void; flush(): void } {
  let run: RowRange | null = null;
  const flush = () => {
    if (run) use(run);
    run = null;
  };
  return {
    add(rows) {
      if (run && rows.first !== run.last + 1) flush();
      run = { first: run?.first ?? rows.first, last: rows.last };
    },
    flush,
  };
}

/** Each row's `added` event, and after it its redaction event if it had one. */
function recordOneByOne(deps: SpooledInsertDeps, rows: IndexDoc[], redacted: { at: number; findings: SecretFinding[] }[], ctx: ChangeContext, at: string): void {
  const by = who(ctx);
  const findingsAt = new Map(redacted.map((r) => [r.at, r.findings]));
  rows.forEach((row, i) => {
    deps.events.record(deps.indexer.scope.key, { type: 'added', id: row.docKey, text: row.body, actor: by.actor, session: by.session }, at);
    const findings = findingsAt.get(i);
    if (findings) for (const e of redactionEvents(row.docKey, findings, ctx)) deps.events.record(deps.indexer.scope.key, e, at);
  });
}

function metaOf(id: string, entry: SpooledEntry): Record<string, string> {
  const meta: Record<string, string> = { id, at: entry.at };
  if (entry.src) meta.src = entry.src;
  return meta;
}

function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
