import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { readSnapshot, updateMemoryFile, type FileUpdate } from './files/memoryFileWriter';
import { replaceGuarded } from '../fs/guardedReplace';
import { crashPoint } from '../fs/crashPoint';
import { byteStringToBytes, bytesToByteString } from './markdown/byteString';
import { pendingJournals, removeJournal, writeJournal, type JournalFile } from './files/writeJournal';
import { newEntryDocument } from './index/indexDocuments';
import { normalizeEntryText } from './markdown/entryText';
import type { EntryMetadata } from './markdown/entryMetadata';
import { parseMemoryDocument, type MemoryDocument, type MemoryEntry } from './markdown/memoryDocument';
import { insertEntries, removeEntry, replaceEntry, type NewEntry, type Splice } from './markdown/memoryEdits';
import { EntryIdRun, newEntryId } from './ids';
import type { EntrySpool } from './import/entrySpool';
import { insertSpooled } from './import/spooledInsert';
import { SUPERSEDED, requireKind } from './kinds';
import type { EventLog, MemoryActor, NewMemoryEvent } from './events/eventLog';
import type { ScopeIndexer } from './index/scopeIndexer';
import type { RowRange } from './index/docStore';
import { describeRedactions, scanSecrets, type SecretFinding } from '../secrets/secretScanner';
import { countTokensAhead } from './context/tokenCountWorker';

/** From this many entries in one write, new ids are consecutive (see EntryIdRun). */
const ID_RUN_FROM = 1000;

export interface AddEntryInput {
  kind: string;
  text: string;
  /** Session or other origin, written as `src:`. */
  source?: string;
  /** Date of the fact (ISO); today by default. */
  at?: string;
  pinned?: boolean;
}

export interface ChangeContext {
  actor: MemoryActor;
  session?: string | null;
  /** Told what was redacted from the text before it was written (see secretScanner.ts). */
  onRedacted?: (findings: SecretFinding[]) => void;
}

export class MemoryEntryNotFoundError extends Error {
  constructor(id: string) {
    super(`no memory entry with id ${id}`);
    this.name = 'MemoryEntryNotFoundError';
  }
}

/** An entry's text is empty once normalized (whitespace only). */
export class EmptyEntryTextError extends Error {
  constructor() {
    super('memory entry text is empty');
    this.name = 'EmptyEntryTextError';
  }
}

export class EntryChangedError extends Error {
  constructor(id: string) {
    super(`memory entry ${id} was changed by someone else meanwhile; reload it and edit again`);
    this.name = 'EntryChangedError';
  }
}

/**
 * Every change Engram makes to one MEMORY.md. Each runs in an immediate database transaction,
 * which serializes writers across processes (the app and CLIs share engram.db), and inside it
 * a hash-checked file update (see `updateMemoryFile`), the index update and the events.
 */
export class MemoryWriter {
  constructor(
    private readonly db: Database,
    private readonly indexer: ScopeIndexer,
    private readonly events: EventLog,
    private readonly template: string,
    private readonly beforeWrite: () => void = () => {},
  ) {}

  get file(): string {
    return path.join(this.indexer.scope.root, this.indexer.scope.memoryFile);
  }

  /** Reads the file as it is now (the template if it does not exist yet). */
  read(): MemoryDocument {
    const snap = readSnapshot(this.file);
    return parseMemoryDocument(snap.exists ? snap.bytes : this.template);
  }

  add(inputs: AddEntryInput[], ctx: ChangeContext): string[] {
    // Built without spreads: an import prepares 100,000 of these, and each spread is an object.
    const prepared = inputs.map((input) => {
      const clean = requireCleanText(input.text);
      return { kind: requireKind(input.kind), text: clean.text, findings: clean.findings, at: dateOf(input.at), source: input.source, pinned: input.pinned };
    });
    if (!prepared.length) return [];
    tellRedactions(ctx, prepared.flatMap((p) => p.findings));
    // A large batch (an import) is counted in a worker while the file is composed and written.
    const counted = countTokensAhead(prepared.map((p) => p.text));
    let ids: string[] = [];
    let metas: EntryMetadata[] = [];
    let appended: RowRange | null = null;
    this.write((doc) => {
      const taken = new Set(doc.entries.map((e) => e.id));
      // A large batch takes a run of ids: a set growing by 100,000 new strings cost more, and
      // random ids scattered its index writes.
      const run = prepared.length >= ID_RUN_FROM ? new EntryIdRun(taken) : null;
      ids = prepared.map(() => (run ? run.next() : newEntryId(taken)));
      metas = prepared.map((p, i) => {
        const meta: EntryMetadata = { id: ids[i], at: p.at };
        if (p.source) meta.src = p.source;
        if (p.pinned) meta.pin = '';
        return meta;
      });
      const byKind = new Map<string, NewEntry[]>();
      prepared.forEach((p, i) => {
        const list = byKind.get(p.kind) ?? byKind.set(p.kind, []).get(p.kind)!;
        list.push({ text: p.text, meta: metas[i] });
      });
      return [...byKind].map(([kind, entries]) => insertEntries(doc, kind, entries));
    }, (at) => {
      // Appended rows without redactions get their events from the rows, in one statement.
      if (appended && !prepared.some((p) => p.findings.length)) {
        this.events.recordAddedRows(appended, who(ctx), at);
        return [];
      }
      const { actor, session } = who(ctx);
      const events: NewMemoryEvent[] = [];
      prepared.forEach((p, i) => {
        events.push({ type: 'added', id: ids[i], text: p.text, actor, session });
        if (p.findings.length) events.push(...redactionEvents(ids[i], p.findings, ctx));
      });
      return events;
    },
    (update) => {
      const docs = prepared.map((p, i) => newEntryDocument(ids[i], p.kind, p.text, metas[i]));
      const result = this.indexer.indexAppend(update.baseHash, update.after, docs, counted);
      appended = result?.rows ?? null;
      return result !== null;
    });
    return ids;
  }

  /** Every entry of an import in one write, streamed from the spool (see spooledInsert.ts); how many. */
  addSpooled(spool: EntrySpool, ctx: ChangeContext): number {
    if (!spool.count) return 0;
    return this.db
      .transaction(() =>
        insertSpooled(
          { db: this.db, indexer: this.indexer, events: this.events, file: this.file, template: this.template, prepare: this.beforeWrite },
          spool,
          ctx,
        ),
      )
      .immediate();
  }

  /** Replaces an entry's text, keeping its place and metadata. */
  edit(id: string, text: string, ctx: ChangeContext, expectedText?: string): void {
    const { text: next, findings } = requireCleanText(text);
    tellRedactions(ctx, findings);
    let row: { kind: string; meta: EntryMetadata } | null = null;
    this.write((doc) => {
      const entry = findEntry(doc, id);
      if (expectedText !== undefined && entry.text !== expectedText) throw new EntryChangedError(id);
      row = { kind: entry.kind, meta: { ...entry.meta, id } };
      return [replaceEntry(doc, entry, { text: next, meta: row.meta })];
    },
    () => [{ type: 'edited', id, text: next, ...who(ctx) }, ...redactionEvents(id, findings, ctx)],
    // Only the edited row changes in the index (see indexReplace).
    (update) => row !== null && this.indexer.indexReplace(update.baseHash, update.after, [newEntryDocument(id, row.kind, next, row.meta)]));
  }

  /**
   * Moves entries to `## Superseded`, marked with the entry that replaces them (which is
   * added in the same write when `replacement` is given). Nothing is ever deleted.
   */
  supersede(ids: string[], replacement: AddEntryInput | null, ctx: ChangeContext, type: 'superseded' | 'merged'): string | null {
    const next = replacement
      ? { kind: requireKind(replacement.kind), ...requireCleanText(replacement.text), source: replacement.source, at: replacement.at }
      : null;
    tellRedactions(ctx, next?.findings ?? []);
    let newId: string | null = null;
    let old: MemoryEntry[] = [];
    this.write((doc) => {
      old = ids.map((id) => findEntry(doc, id));
      const taken = new Set(doc.entries.map((e) => e.id));
      newId = next ? newEntryId(taken) : null;
      const moved: NewEntry[] = old.map((e) => ({
        text: e.text,
        meta: { ...e.meta, id: e.id, ...(newId ? { 'superseded-by': newId } : {}) },
      }));
      const splices: Splice[] = old.map(removeEntry);
      splices.push(insertEntries(doc, SUPERSEDED, moved));
      if (next && newId) {
        const meta: EntryMetadata = { id: newId, at: dateOf(next.at), ...(next.source ? { src: next.source } : {}) };
        splices.push(insertEntries(doc, next.kind, [{ text: next.text, meta }]));
      }
      return splices;
    }, () => {
      const events: NewMemoryEvent[] = old.map((e) => ({ type, id: e.id, text: e.text, ...who(ctx) }));
      if (next && newId) events.push({ type: 'added', id: newId, text: next.text, ...who(ctx) }, ...redactionEvents(newId, next.findings, ctx));
      return events;
    });
    return newId;
  }

  /**
   * Several files of this scope's memory changed as one (a dream moving entries out of MEMORY.md
   * into topic files). Recoverable at any point: a journal with every file's bytes before and
   * after is written first; the files follow in the order given (each only if it still holds
   * its `before` bytes, else `FileChangedMeanwhileError` and the files already written are put
   * back); the index, the events, `inTransaction` and the commit mark go in one transaction; the
   * journal goes last. After a crash, `recoverInterruptedWrites` finishes a committed write
   * and undoes any other, so no entry is ever left in two files.
   */
  commitFiles(input: { id: string; files: JournalFile[]; events: NewMemoryEvent[]; inTransaction?: () => void }): void {
    const root = this.indexer.scope.root;
    this.db
      .transaction(() => {
        this.beforeWrite();
        writeJournal(root, { id: input.id, files: input.files });
        crashPoint('journal');
        const written: JournalFile[] = [];
        try {
          input.files.forEach((f, i) => {
            replaceGuarded(path.join(root, f.path), (current) => {
              const now = current === null ? null : bytesToByteString(current);
              if (now === f.after) return null;
              // A person's append since the plan is kept, after the planned bytes.
              const next = rebase(now, f.before, f.after);
              if (next === null) throw new FileChangedMeanwhileError(f.path);
              return byteStringToBytes(next);
            });
            written.push(f);
            crashPoint(`file:${i}`);
          });
        } catch (err) {
          undoFiles(root, written);
          removeJournal(root, input.id);
          throw err;
        }
        for (const f of input.files) this.indexer.indexOwnWrite(f.path);
        for (const e of input.events) this.events.record(this.indexer.scope.key, e);
        input.inTransaction?.();
        this.db.prepare(`INSERT INTO memory_commits (id, at) VALUES (?, ?)`).run(input.id, new Date().toISOString());
        crashPoint('commit');
      })
      .immediate();
    crashPoint('committed');
    removeJournal(root, input.id);
  }

  /**
   * Finishes or undoes multi-file writes a crash interrupted: committed ones (their id in
   * memory_commits) are completed, the others rolled back. Files a person changed since are
   * left as they are. Returns the ids it dealt with.
   */
  recoverInterruptedWrites(): string[] {
    const root = this.indexer.scope.root;
    if (!pendingJournals(root).length) return [];
    return this.db
      .transaction(() => {
        // Under the write lock: no commitFiles is between its journal and its commit now.
        const done: string[] = [];
        for (const j of pendingJournals(root)) {
          const committed = this.db.prepare(`SELECT 1 FROM memory_commits WHERE id = ?`).get(j.id) !== undefined;
          if (committed) redoFiles(root, j.files);
          else undoFiles(root, j.files);
          removeJournal(root, j.id);
          for (const f of j.files) this.indexer.indexOwnWrite(f.path);
          done.push(j.id);
        }
        return done;
      })
      .immediate();
  }

  /** One write: file, index and events commit together or not at all (the file first). */
  private write(
    change: (doc: MemoryDocument) => Splice[],
    /** The write's events, told its time (which they all share); called after the index. */
    events: (at: string) => NewMemoryEvent[],
    indexDelta?: (update: FileUpdate) => boolean,
  ): void {
    this.db
      .transaction(() => {
        this.beforeWrite();
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const result = updateMemoryFile(this.file, this.template, change);
        if (!result.changed) return;
        if (!indexDelta?.(result)) this.indexer.indexOwnWrite(this.indexer.scope.memoryFile);
        // One write, one moment: an import's many events share its time (and format it once).
        const at = new Date().toISOString();
        for (const e of events(at)) this.events.record(this.indexer.scope.key, e, at);
      })
      .immediate();
  }
}

export class FileChangedMeanwhileError extends Error {
  constructor(readonly rel: string) {
    super(`${rel} changed while it was being written; nothing was written`);
    this.name = 'FileChangedMeanwhileError';
  }
}

/**
 * `current` moved from `from` to `to`: `to` if it is `from`, `to` plus what was appended if it
 * is `from` with lines appended (a person's append is kept), else null (changed otherwise).
 */
export function rebase(current: string | null, from: string | null, to: string): string | null {
  if (current === from) return to;
  if (current === null || from === null || !from.length || !current.startsWith(from)) return null;
  return to + current.slice(from.length);
}

/** Puts back, last first, each file that still holds what the write put there (plus appends). */
function undoFiles(root: string, files: JournalFile[]): void {
  for (const f of [...files].reverse()) {
    const file = path.join(root, f.path);
    const now = readSnapshot(file);
    if (!now.exists) continue;
    if (f.before === null) {
      if (now.bytes === f.after) fs.rmSync(file, { force: true });
      continue;
    }
    replaceGuarded(file, (current) => {
      const next = current === null ? null : rebase(bytesToByteString(current), f.after, f.before!);
      return next === null ? null : byteStringToBytes(next);
    });
  }
}

/** Completes each file that still holds its bytes from before the write (plus appends). */
function redoFiles(root: string, files: JournalFile[]): void {
  for (const f of files) {
    replaceGuarded(path.join(root, f.path), (current) => {
      const now = current === null ? null : bytesToByteString(current);
      if (now === f.after || (now !== null && now.startsWith(f.after))) return null;
      const next = rebase(now, f.before, f.after);
      return next === null ? null : byteStringToBytes(next);
    });
  }
}

export function findEntry(doc: MemoryDocument, id: string): MemoryEntry {
  const entry = doc.entries.find((e) => e.id === id);
  if (!entry) throw new MemoryEntryNotFoundError(id);
  return entry;
}

/**
 * The text to write: normalized, with secrets replaced by `[redacted: <kind>]`. Memory is
 * committed and shared, so a secret must never reach the file.
 */
export function requireCleanText(text: string): { text: string; findings: SecretFinding[] } {
  const scanned = scanSecrets(requireText(text));
  return { text: scanned.text, findings: scanned.findings };
}

export function tellRedactions(ctx: ChangeContext, findings: SecretFinding[]): void {
  if (findings.length) ctx.onRedacted?.(findings);
}

/** Who made a change, for its events (the context without its callbacks). */
export function who(ctx: ChangeContext): { actor: MemoryActor; session?: string | null } {
  return { actor: ctx.actor, session: ctx.session };
}

/** A timeline event saying what was redacted, so the workbench can show it. */
export function redactionEvents(id: string, findings: SecretFinding[], ctx: ChangeContext): NewMemoryEvent[] {
  return findings.length ? [{ type: 'redacted', id, text: describeRedactions(findings), ...who(ctx) }] : [];
}

function requireText(text: string): string {
  const t = normalizeEntryText(String(text ?? ''));
  if (!t) throw new EmptyEntryTextError();
  return t;
}

/** The `at:` value: the date part of an ISO time, today when absent or unreadable. */
export function dateOf(at?: string): string {
  const m = at ? /^\d{4}-\d{2}-\d{2}/.exec(at.trim()) : null;
  return m ? m[0] : today();
}

// Today's date (UTC), made once a day rather than per entry: an import of 100,000 undated
// entries spent a tenth of a second formatting the same date.
let day = '';
let dayStarts = 0;
let dayEnds = 0;
function today(): string {
  const now = Date.now();
  if (now < dayStarts || now >= dayEnds) {
    const d = new Date(now);
    day = d.toISOString().slice(0, 10);
    dayStarts = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    dayEnds = dayStarts + 86_400_000;
  }
  return day;
}
