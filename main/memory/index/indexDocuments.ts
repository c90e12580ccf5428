import { decodeUtf8 } from '../markdown/byteString';
import { parseMemoryDocument, type MemoryEntry } from '../markdown/memoryDocument';
import type { EntryMetadata } from '../markdown/entryMetadata';
import { parseTaskProgress } from '../markdown/taskProgress';
import type { IndexedFile } from '../files/indexedFiles';

/** `topic`: a memory entry a dream moved into a topic file (.engram/memory/*.md). */
export type SourceType = 'memory' | 'topic' | 'checkpoint' | 'notes' | 'task' | 'message';

/** One row of `memory_docs`, before it has a rowid. */
export interface IndexDoc {
  sourceType: SourceType;
  docKey: string;
  kind: string;
  source: string;
  at: string;
  pinned: number;
  body: string;
  meta: string;
}

/** The rows one file contributes to the index. `bytes` is a byte string. */
export function documentsOf(file: IndexedFile, bytes: string): IndexDoc[] {
  const modified = new Date(file.mtimeMs).toISOString();
  switch (file.role) {
    case 'memory':
      return parseMemoryDocument(bytes).entries.map(entryDocument);
    case 'topic':
      // Its own source type: while a dream moves an entry, it may briefly be in both files.
      return parseMemoryDocument(bytes).entries.map((e) => ({ ...entryDocument(e), sourceType: 'topic' as const }));
    case 'checkpoint':
    case 'notes':
      return [
        {
          sourceType: file.role,
          docKey: `${file.role}:${file.owner}`,
          kind: file.role,
          source: file.owner,
          at: modified,
          pinned: 0,
          body: decodeUtf8(bytes),
          meta: `${file.role} ${file.owner}`,
        },
      ];
    case 'task': {
      const task = parseTaskProgress(decodeUtf8(bytes));
      return [
        {
          sourceType: 'task',
          docKey: `task:${file.owner}`,
          kind: task.status,
          source: file.owner,
          at: task.updated || modified,
          pinned: 0,
          body: task.title ? `${task.title}\n${task.log}` : task.log,
          meta: `task ${file.owner} ${task.status}`,
        },
      ];
    }
  }
}

export function entryDocument(entry: MemoryEntry): IndexDoc {
  return newEntryDocument(entry.id, entry.kind, entry.text, entry.meta);
}

/** The row of an entry with this id, kind, text and metadata (a write makes it without parsing). */
export function newEntryDocument(id: string, kind: string, text: string, meta: EntryMetadata): IndexDoc {
  const src = meta.src ?? '';
  return {
    sourceType: 'memory',
    docKey: id,
    kind,
    source: src,
    at: meta.at ?? '',
    pinned: 'pin' in meta || 'pinned' in meta ? 1 : 0,
    body: text,
    // Not the id: it is found by key (see MemorySearch), and as a word it made the index slower.
    meta: kind && src ? `${kind} ${src}` : kind || src,
  };
}
