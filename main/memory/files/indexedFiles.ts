import fs from 'node:fs';
import path from 'node:path';
import type { MemoryScope } from '../scopes';
import { engramLayout } from '../../../contract/engramLayout';
import { isConflictCopy } from '../../fs/guardedReplace';

export type FileRole = 'memory' | 'topic' | 'checkpoint' | 'notes' | 'task';

export interface IndexedFile {
  /** Relative to the scope's root, with `/` separators. */
  rel: string;
  role: FileRole;
  /** Session id or task id, for the per-session and per-task files; the file name for topic files. */
  owner: string;
  mtimeMs: number;
  size: number;
}

/** The files of SPEC §3 that the index covers, as they are on disk now. */
export function listIndexedFiles(scope: MemoryScope): IndexedFile[] {
  const found: IndexedFile[] = [];
  const add = (rel: string, role: FileRole, owner: string) => {
    try {
      const st = fs.statSync(path.join(scope.root, rel));
      if (st.isFile()) found.push({ rel: rel.split(path.sep).join('/'), role, owner, mtimeMs: st.mtimeMs, size: st.size });
    } catch {
      // Gone between listing and stat: it is simply not there.
    }
  };
  add(scope.memoryFile, 'memory', '');
  if (!scope.hasSessions) return found;
  // Entries a dream moved out of MEMORY.md stay findable: a dream never loses an entry.
  for (const name of markdownFiles(path.join(scope.root, engramLayout.topicDir))) add(engramLayout.topicFile(name.slice(0, -3)), 'topic', name);
  for (const id of subfolders(path.join(scope.root, engramLayout.sessionsDir))) {
    add(engramLayout.checkpointFile(id), 'checkpoint', id);
    add(engramLayout.notesFile(id), 'notes', id);
  }
  for (const id of subfolders(path.join(scope.root, engramLayout.tasksDir))) {
    add(engramLayout.progressFile(id), 'task', id);
  }
  return found;
}

function markdownFiles(dir: string): string[] {
  try {
    // Conflict copies are a person's versions kept aside: indexing them would double their ids.
    return fs.readdirSync(dir).filter((name) => name.endsWith('.md') && !name.startsWith('.') && !isConflictCopy(name));
  } catch {
    return [];
  }
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch {
    return [];
  }
}
