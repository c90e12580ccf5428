import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { repairInterruptedSwap } from '../fs/guardedReplace';
import { writeTransaction } from '../db/writeTransaction';
import type { MemorySearchHit } from '../../contract/memory';
import { ContextSources } from './context/contextSources';
import { buildContext, type ContextBlock, type ContextRequest } from './context/contextBuilder';
import { rankForQuery, type VectorHits } from './context/ranking';
import { EventLog, type MemoryActor, type MemoryEvent } from './events/eventLog';
import { MemorySearch } from './index/memorySearch';
import { MessageIndex, type IndexedMessage } from './index/messageIndex';
import { ScopeIndexer, runSyncBlocking, runSyncYielding, type SyncReport } from './index/scopeIndexer';
import type { MemoryDocument } from './markdown/memoryDocument';
import { MemoryWriter, type AddEntryInput, type ChangeContext } from './memoryWriter';
import { engramLayout } from '../../contract/engramLayout';
import type { EntrySpool } from './import/entrySpool';
import { MEMORY_TEMPLATE, completeEngramGitignore, initEngramFolder } from './engramFolder';
import { USER_MEMORY_TEMPLATE, projectScope, userScope, type MemoryScope } from './scopes';
import { ProjectWatcher } from './watch/projectWatcher';
import type { SecretFinding } from '../secrets/secretScanner';
import type { SemanticLayer } from './semantic/semanticLayer';

export interface MemoryEngineOptions {
  db: Database;
  /** The project folder; resolved to its real path, which keys its rows in the index. */
  projectRoot: string;
  /** Holds the user-wide MEMORY.md. */
  dataDir: string;
  log?: (line: string) => void;
  /** The optional semantic layer (embeddings); without it, ranking is lexical only. */
  semantic?: SemanticLayer;
}

export type MemoryScopeName = 'project' | 'user';

/** A search hit: the contract's shape (contract/memory.ts). */
export type SearchHit = MemorySearchHit;

const HIT_TEXT_MAX = 2000;

/**
 * The memory of one project (plus the user-wide memory), over files that stay the truth.
 * Reads go to the index; call `sync()` (CLI) or `watch()` (host) to keep it current.
 */
export class MemoryEngine {
  readonly root: string;
  private readonly db: Database;
  private readonly events: EventLog;
  private readonly searcher: MemorySearch;
  private readonly sources: ContextSources;
  private readonly messages: MessageIndex;
  private readonly scopes: { project: ScopeParts; user: ScopeParts };
  private watcher: ProjectWatcher | null = null;
  private syncing: Promise<SyncReport> | null = null;

  constructor(private readonly options: MemoryEngineOptions) {
    this.db = options.db;
    this.root = fs.realpathSync(options.projectRoot);
    // Files a newer Engram keeps personal (lock turns, …) stay out of git in older projects too.
    completeEngramGitignore(this.root);
    this.events = new EventLog(this.db);
    this.searcher = new MemorySearch(this.db);
    this.sources = new ContextSources(this.db);
    this.messages = new MessageIndex(this.db);
    const make = (scope: MemoryScope, template: string, prepare?: () => void): ScopeParts => {
      const indexer = new ScopeIndexer(this.db, scope, this.events);
      const writer = new MemoryWriter(this.db, indexer, this.events, template, () => {
        prepare?.();
        runSyncBlocking(this.db, indexer.sync());
      });
      return { scope, indexer, writer };
    };
    this.scopes = {
      project: make(projectScope(this.root), MEMORY_TEMPLATE, () => {
        // Writing project memory into a folder without .engram/ sets it up, like `init`.
        if (!fs.existsSync(path.join(this.root, engramLayout.dir))) initEngramFolder(this.root);
      }),
      user: make(userScope(options.dataDir), USER_MEMORY_TEMPLATE),
    };
    // A write killed mid-swap, or a dream killed mid-write, is finished or undone before
    // anything reads this memory.
    for (const s of Object.values(this.scopes)) repairInterruptedSwap(path.join(s.scope.root, s.scope.memoryFile));
    this.recoverInterruptedWrites();
  }

  private get scopeKeys(): string[] {
    return [this.scopes.project.scope.key, this.scopes.user.scope.key];
  }

  /** Brings the index in step with the files, at once. For the CLI and tests. */
  sync(): SyncReport {
    const reports = Object.values(this.scopes).map((s) => this.syncScope(s, 'blocking') as SyncReport);
    return sumReports(reports);
  }

  /** The same, yielding to the event loop between chunks; concurrent calls share one run. */
  syncAsync(): Promise<SyncReport> {
    if (this.syncing) return this.syncing;
    this.syncing = (async () => {
      try {
        const reports: SyncReport[] = [];
        for (const s of Object.values(this.scopes)) reports.push(await this.syncScope(s, 'yielding'));
        return sumReports(reports);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** `reindex()` for a server: the rebuild yields to the event loop between chunks. */
  async reindexAsync(): Promise<{ entries: number; documents: number; ms: number }> {
    const started = performance.now();
    for (const s of Object.values(this.scopes)) s.indexer.clear();
    await this.syncAsync();
    return { ...this.countIndexed(), ms: Math.round(performance.now() - started) };
  }

  /** Forgets the index of this project and the user-wide memory and rebuilds it from files. */
  reindex(): { entries: number; documents: number; ms: number } {
    const started = performance.now();
    for (const s of Object.values(this.scopes)) s.indexer.clear();
    this.sync();
    return { ...this.countIndexed(), ms: Math.round(performance.now() - started) };
  }

  private countIndexed(): { entries: number; documents: number } {
    const counts = this.db
      .prepare(
        `SELECT count(*) AS documents, sum(source_type = 'memory') AS entries FROM memory_docs
         WHERE scope IN (?, ?) AND path IS NOT NULL`,
      )
      .get(...this.scopeKeys) as { documents: number; entries: number | null };
    return { entries: counts.entries ?? 0, documents: counts.documents };
  }

  /** Adds an entry; `redacted` lists the secrets replaced in its text before it was written. */
  add(input: AddEntryInput, ctx: ChangeContext = { actor: 'cli' }, scope: MemoryScopeName = 'project'): { id: string; redacted: SecretFinding[] } {
    const redacted: SecretFinding[] = [];
    const id = this.scopes[scope].writer.add([input], collecting(ctx, redacted))[0];
    this.changed();
    return { id, redacted };
  }

  /**
   * Runs `write`, a change to other files of the project's `.engram/` (a task's progress.md),
   * under the database's write lock, then indexes the files it names (relative to the project)
   * as `actor`'s change: the timeline credits that actor, and the host's watcher, finding the
   * index current, credits nobody else. Without this, a task the CLI changed was re-read by a
   * watcher later and put down to a person.
   */
  ownFileWrite<T>(write: () => { result: T; files: string[] }, actor: MemoryActor): T {
    const indexer = this.scopes.project.indexer;
    return writeTransaction(this.db, () => {
      const { result, files } = write();
      for (const rel of files) indexer.indexOwnWrite(rel, { actor });
      return result;
    });
  }

  /**
   * Several project memory files written as one recoverable write (a dream): see
   * MemoryWriter.commitFiles. Dreams write through here, like every other writer of memory.
   */
  commitFiles(input: Parameters<MemoryWriter['commitFiles']>[0]): void {
    this.scopes.project.writer.commitFiles(input);
    this.changed();
  }

  /** Finishes or undoes a multi-file write a crash interrupted (run when a project opens). */
  recoverInterruptedWrites(): string[] {
    return this.scopes.project.writer.recoverInterruptedWrites();
  }

  /** Adds many entries in one write (import). */
  /** A memory import: every spooled entry in one streamed write (bounded memory), or none. */
  addSpooled(spool: EntrySpool, ctx: ChangeContext = { actor: 'cli' }, scope: MemoryScopeName = 'project'): { added: number; redacted: SecretFinding[] } {
    const redacted: SecretFinding[] = [];
    const added = this.scopes[scope].writer.addSpooled(spool, collecting(ctx, redacted));
    this.changed();
    return { added, redacted };
  }

  addMany(inputs: AddEntryInput[], ctx: ChangeContext = { actor: 'cli' }, scope: MemoryScopeName = 'project'): { ids: string[]; redacted: SecretFinding[] } {
    const redacted: SecretFinding[] = [];
    const ids = this.scopes[scope].writer.add(inputs, collecting(ctx, redacted));
    this.changed();
    return { ids, redacted };
  }

  /**
   * Replaces an entry's text. With `expectedText` (what the editor showed), a concurrent
   * change to that same entry is refused instead of overwritten.
   */
  edit(id: string, text: string, ctx: ChangeContext, options: { expectedText?: string } = {}): void {
    this.writerFor(id).edit(id, text, ctx, options.expectedText);
    this.changed();
  }

  /** Moves `id` to Superseded; with a replacement, adds it and links the two. */
  supersede(id: string, replacement: AddEntryInput | null, ctx: ChangeContext): { id: string | null } {
    const replaced = this.writerFor(id).supersede([id], replacement, ctx, 'superseded');
    this.changed();
    return { id: replaced };
  }

  /** Replaces several entries (of one file) by one merged entry. */
  merge(ids: string[], merged: AddEntryInput, ctx: ChangeContext): { id: string } {
    if (!ids.length) throw new Error('merge needs at least one entry id');
    const survivor = this.writerFor(ids[0]).supersede(ids, merged, ctx, 'merged')!;
    this.changed();
    return { id: survivor };
  }

  /** The memory file as it is on disk now, parsed (for views that list entries). */
  document(scope: MemoryScopeName = 'project'): MemoryDocument {
    return this.scopes[scope].writer.read();
  }

  /** The scopes this engine reads: the project's and the user-wide memory's. */
  get scopeKeyList(): string[] {
    return this.scopeKeys;
  }

  /**
   * `search()` with the semantic layer: when embeddings are on and the query's vector comes
   * within its timeout, the lexical and vector rankings are fused; otherwise the lexical answer.
   */
  async searchAsync(query: string, options: { limit?: number } = {}): Promise<SearchHit[]> {
    return this.search(query, { ...options, queryVector: await this.queryVector(query) });
  }

  /** `context()` with the semantic layer, like `searchAsync`. */
  async contextAsync(request: ContextRequest): Promise<ContextBlock> {
    return this.context({ ...request, queryVector: request.query?.trim() ? await this.queryVector(request.query) : null });
  }

  /** Entries were written: the semantic layer (in the host) embeds them without waiting on the file watcher. */
  private changed(): void {
    this.options.semantic?.wake();
  }

  /** The semantic layer this engine ranks with, when it has one. */
  get semantic(): SemanticLayer | undefined {
    return this.options.semantic;
  }

  private queryVector(query: string): Promise<Float32Array | null> {
    return this.options.semantic?.queryVector(query) ?? Promise.resolve(null);
  }

  private vectorHits(vector: Float32Array | null | undefined): VectorHits | undefined {
    const semantic = this.options.semantic;
    if (!vector || !semantic) return undefined;
    return (scopes, limit, sourceTypes) => semantic.nearestRows(scopes, vector, limit, sourceTypes);
  }

  search(query: string, options: { limit?: number; queryVector?: Float32Array | null } = {}): SearchHit[] {
    const seen = new Set<string>();
    const userKey = this.scopes.user.scope.key;
    // An entry a dream is moving can briefly be in MEMORY.md and a topic file: one hit, the best.
    // The same ranking as context(): the agent's search answers what its block was built from.
    const limit = options.limit ?? 10;
    const rows = rankForQuery(this.searcher, this.scopeKeys, query, limit, undefined, limit, this.vectorHits(options.queryVector)).filter((r) => {
      if (r.sourceType !== 'memory' && r.sourceType !== 'topic') return true;
      // Keyed by which of the two scopes, not by its path: hashing a long path per hit costs.
      const key = (r.scope === userKey ? 'u' : 'p') + r.id;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      text: r.body.length > HIT_TEXT_MAX ? r.body.slice(0, HIT_TEXT_MAX) + '…' : r.body,
      source: r.source,
      score: Number(r.relevance.toPrecision(4)),
      path: r.path === null ? '' : r.scope === this.scopes.user.scope.key ? path.join(this.options.dataDir, r.path) : r.path,
    }));
  }

  context(request: ContextRequest & { queryVector?: Float32Array | null }): ContextBlock {
    const { queryVector, ...plain } = request;
    return buildContext(
      this.sources,
      this.searcher,
      { project: this.scopes.project.scope.key, all: this.scopeKeys },
      plain,
      this.vectorHits(queryVector),
    );
  }

  /** Makes session messages searchable (for the session store; re-adding an id updates it). */
  indexMessages(messages: IndexedMessage[]): void {
    this.messages.add(this.scopes.project.scope.key, messages);
  }

  /** Removes a session's messages from the index. */
  forgetSessionMessages(session: string): number {
    const n = this.messages.forgetSession(this.scopes.project.scope.key, session);
    return n;
  }

  timeline(options: { limit?: number } = {}): MemoryEvent[] {
    return this.events.list(this.scopeKeys, options.limit ?? 50);
  }

  /**
   * Watches this project's `.engram/` and the user-wide MEMORY.md; edits made in an editor
   * are indexed within a second. `onChange` runs after every settled change to those files,
   * also when the index was already current: another process (the CLI) writes the file and
   * indexes it itself, and the views of this one must still hear of it.
   * Idempotent; stop with `close()`. Resolves once the watcher is in place.
   */
  watch(onChange?: (report: SyncReport) => void): Promise<void> {
    if (this.watcher) return this.watcher.ready;
    this.watcher = ProjectWatcher.start(
      this.root,
      [path.join(this.root, engramLayout.dir), path.join(this.options.dataDir, 'MEMORY.md')],
      async () => {
        onChange?.(await this.syncAsync());
        this.changed();
      },
      this.options.log,
    );
    return this.watcher.ready;
  }

  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = null;
    await w?.stop();
    await this.syncing?.catch(() => undefined);
  }

  /** The file holding entry `id`: the project's unless only the user-wide memory has it. */
  private writerFor(id: string): MemoryWriter {
    this.sync();
    const where = this.db
      .prepare(`SELECT scope FROM memory_docs WHERE scope IN (?, ?) AND source_type = 'memory' AND doc_key = ?`)
      .pluck()
      .all(...this.scopeKeys, id) as string[];
    const inUser = !where.includes(this.scopes.project.scope.key) && where.includes(this.scopes.user.scope.key);
    return (inUser ? this.scopes.user : this.scopes.project).writer;
  }

  private syncScope(s: ScopeParts, mode: 'blocking' | 'yielding'): SyncReport | Promise<SyncReport> {
    const fresh = !s.indexer.isIndexed(s.scope.memoryFile.split(path.sep).join('/'));
    if (fresh && fs.existsSync(path.join(s.scope.root, s.scope.memoryFile))) {
      this.options.log?.(`engram: indexing ${path.join(s.scope.root, s.scope.memoryFile)} from its files`);
    }
    return mode === 'blocking' ? runSyncBlocking(this.db, s.indexer.sync()) : runSyncYielding(s.indexer.sync());
  }
}

interface ScopeParts {
  scope: MemoryScope;
  indexer: ScopeIndexer;
  writer: MemoryWriter;
}

function sumReports(reports: SyncReport[]): SyncReport {
  return reports.reduce(
    (a, b) => ({
      filesIndexed: a.filesIndexed + b.filesIndexed,
      filesRemoved: a.filesRemoved + b.filesRemoved,
      rowsChanged: a.rowsChanged + b.rowsChanged,
    }),
    { filesIndexed: 0, filesRemoved: 0, rowsChanged: 0 },
  );
}

/** The context, also collecting what the writer redacted into `into`. */
function collecting(ctx: ChangeContext, into: SecretFinding[]): ChangeContext {
  return {
    ...ctx,
    onRedacted: (findings) => {
      into.push(...findings);
      ctx.onRedacted?.(findings);
    },
  };
}
