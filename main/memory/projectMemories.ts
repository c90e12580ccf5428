import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MemoryAddResult, MemoryEntryDetail, MemoryKind, MemoryOverview, MemoryTimelineEvent } from '../../contract';
import { memoryOverview } from './events/memoryOverview';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors/domainErrors';
import { UnknownKindError } from './kinds';
import { MemoryEngine } from './memoryEngine';
import { EmptyEntryTextError, EntryChangedError, MemoryEntryNotFoundError } from './memoryWriter';
import { timelineCount, timelinePage, type TimelineFilter } from './events/timelineQuery';
import { projectScope, userScope } from './scopes';
import type { SyncReport } from './index/scopeIndexer';
import type { SemanticLayer } from './semantic/semanticLayer';
import { indexedEntry } from './index/entryLookup';

interface Options {
  db: Database;
  dataDir: string;
  projectRoot(projectId: string): string | undefined;
  /** After memory of a project changed, whoever changed it (files are watched). */
  onChange(projectId: string, report: SyncReport | null): void;
  log?: (line: string) => void;
  /** Semantic search (embeddings), shared by every project's engine. */
  semantic?: SemanticLayer;
}

/**
 * The memory engines of the projects open in the workbench: one per project, created on first
 * use, watching its `.engram/` until the project closes. Everything the window shows of memory
 * goes through here, so edits made in the UI are ordinary engine writes.
 */
export class ProjectMemories {
  private readonly engines = new Map<string, MemoryEngine>();

  constructor(private readonly options: Options) {}

  engine(projectId: string): MemoryEngine {
    const existing = this.engines.get(projectId);
    if (existing) return existing;
    const root = this.options.projectRoot(projectId);
    if (!root) throw new NotFoundError(`No open project with id ${projectId}.`);
    const engine = new MemoryEngine({ db: this.options.db, projectRoot: root, dataDir: this.options.dataDir, log: this.options.log, semantic: this.options.semantic });
    engine.sync();
    engine.watch((report) => this.options.onChange(projectId, report));
    this.engines.set(projectId, engine);
    return engine;
  }

  timeline(projectId: string, filter: Omit<TimelineFilter, 'scopes'>): { events: MemoryTimelineEvent[]; hasMore: boolean; total: number } {
    const scopes = this.scopeKeys(projectId);
    const { limit: _limit, before: _before, offset: _offset, ...which } = filter;
    return { ...timelinePage(this.options.db, { ...filter, scopes }), total: timelineCount(this.options.db, { ...which, scopes }) };
  }

  overview(projectId: string): MemoryOverview {
    return memoryOverview(this.options.db, this.scopeKeys(projectId), this.engine(projectId).root);
  }

  entry(projectId: string, id: string): MemoryEntryDetail {
    const engine = this.engine(projectId);
    const history = timelinePage(this.options.db, { scopes: this.scopeKeys(projectId), entryId: id, limit: 200 }).events;
    const added = history.filter((e) => e.type === 'added').at(-1);
    const addedBy = added ? { actor: added.actor, at: added.at, session: added.session } : null;
    // From the index, which the watcher keeps in step with the files (an edit started from a
    // text that is no longer in the file is refused by memory.edit, never written over).
    for (const scope of [projectScope(engine.root), userScope(this.options.dataDir)]) {
      const found = indexedEntry(this.options.db, scope.key, id);
      if (!found) continue;
      const file = scope.key === projectScope(engine.root).key ? found.path : path.join(scope.root, found.path);
      return { id, kind: found.kind, text: found.text, path: file, at: found.at || null, source: found.source || null, addedBy, history };
    }
    if (!history.length) throw new NotFoundError(`No memory entry ${id}.`);
    return { id, kind: '', text: history[0].text, path: null, at: null, source: null, addedBy, history };
  }

  edit(projectId: string, id: string, text: string, expectedText: string): MemoryEntryDetail {
    try {
      this.engine(projectId).edit(id, text, { actor: 'person' }, { expectedText });
    } catch (err) {
      if (err instanceof EntryChangedError) {
        throw new ConflictError('This entry changed since you opened it (someone edited MEMORY.md). Your text was not saved; reopen the entry and edit again.');
      }
      if (err instanceof MemoryEntryNotFoundError) throw new NotFoundError(`No memory entry ${id}.`);
      throw err;
    }
    this.options.onChange(projectId, null);
    return this.entry(projectId, id);
  }

  /** A person adds an entry from the workbench; the answer says which secrets were replaced before the write. */
  add(projectId: string, input: { kind: MemoryKind; text: string; pinned?: boolean }): MemoryAddResult {
    let added: { id: string; redacted: { kind: string }[] };
    try {
      added = this.engine(projectId).add({ kind: input.kind, text: input.text, pinned: input.pinned }, { actor: 'person' });
    } catch (err) {
      if (err instanceof UnknownKindError) throw new InvalidInputError(err.message);
      if (err instanceof EmptyEntryTextError) throw new InvalidInputError('Write the entry first: its text is empty.');
      throw err;
    }
    this.options.onChange(projectId, null);
    return { entry: this.entry(projectId, added.id), redacted: added.redacted.map((f) => f.kind) };
  }

  /** The scopes of every project whose memory is open, and the user-wide one (what background embedding covers). */
  openScopes(): string[] {
    const keys = new Set<string>([userScope(this.options.dataDir).key]);
    for (const engine of this.engines.values()) keys.add(projectScope(engine.root).key);
    return [...keys];
  }

  /** This project's scopes: its own and the user-wide memory's. */
  scopesOf(projectId: string): string[] {
    return this.scopeKeys(projectId);
  }

  async closeProject(projectId: string): Promise<void> {
    const engine = this.engines.get(projectId);
    this.engines.delete(projectId);
    await engine?.close();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.engines.keys()].map((id) => this.closeProject(id)));
  }

  private scopeKeys(projectId: string): string[] {
    return [projectScope(this.engine(projectId).root).key, userScope(this.options.dataDir).key];
  }
}
