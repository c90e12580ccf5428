import type { Database } from 'better-sqlite3';
import { EventLog } from '../events/eventLog';
import { projectScope } from '../scopes';
import { ScopeIndexer, type Attribution } from './scopeIndexer';

/**
 * For Engram writers of memory files other than MemoryWriter (a dream, a revert): index what
 * they wrote inside their own transaction, so that no watcher re-reads it later as a person's
 * edit. With `attribution`, the entry changes go on the timeline for that actor; without, the
 * writer records its own events.
 */
export function indexOwnWrites(db: Database, projectRoot: string, rels: string[], attribution: Attribution | null): void {
  const indexer = new ScopeIndexer(db, projectScope(projectRoot), new EventLog(db));
  for (const rel of rels) indexer.indexOwnWrite(rel, attribution);
}
