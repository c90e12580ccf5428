import fs from 'node:fs';
import path from 'node:path';
import { bytesToByteString } from '../memory/markdown/byteString';
import { parseMemoryDocument } from '../memory/markdown/memoryDocument';

import { engramLayout } from '../../contract/engramLayout';
import { isConflictCopy } from '../fs/guardedReplace';

/**
 * Every entry id findable in a project's memory: MEMORY.md and the topic files dreams move
 * entries to. `override` replaces files by relative path (to check a plan before writing it).
 */
export function findableIds(root: string, memory: string, override: Map<string, string> = new Map()): Set<string> {
  const ids = new Set(parseMemoryDocument(memory).entries.map((e) => e.id));
  const topics = new Map<string, string>();
  try {
    for (const name of fs.readdirSync(path.join(root, engramLayout.topicDir))) {
      // Conflict copies are a person's versions kept aside, not where entries live.
      if (name.endsWith('.md') && !name.startsWith('.') && !isConflictCopy(name)) topics.set(engramLayout.topicFile(name.slice(0, -3)), bytesToByteString(fs.readFileSync(path.join(root, engramLayout.topicDir, name))));
    }
  } catch {
    // No topic files yet.
  }
  for (const [rel, bytes] of override) topics.set(rel, bytes);
  for (const bytes of topics.values()) for (const e of parseMemoryDocument(bytes).entries) ids.add(e.id);
  return ids;
}

export class DreamWouldLoseEntriesError extends Error {
  constructor(ids: string[]) {
    super(`the dream would lose entries ${ids.slice(0, 5).join(', ')}; nothing was written (please report this)`);
    this.name = 'DreamWouldLoseEntriesError';
  }
}

/** The heart of dreaming: refuse to write a result in which an entry can no longer be found. */
export function assertNothingLost(root: string, before: string, after: string, topics: Map<string, string>): void {
  const was = findableIds(root, before);
  const now = findableIds(root, after, topics);
  const lost = [...was].filter((id) => !now.has(id));
  if (lost.length) throw new DreamWouldLoseEntriesError(lost);
}
