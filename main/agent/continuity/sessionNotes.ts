import fs from 'node:fs';
import path from 'node:path';
import { engramLayout } from '../../../contract/engramLayout';

export function checkpointPath(root: string, sessionId: string): string {
  return path.join(root, engramLayout.checkpointFile(sessionId));
}

/**
 * The items of a session's notes.md (written by the `note` tool): each top-level "- " bullet
 * with its indented lines. Counted by position, so items already routed are skipped next time.
 */
export function readNoteItems(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const items: string[] = [];
  for (const line of text.split('\n')) {
    if (/^[-*]\s+/.test(line)) items.push(line.replace(/^[-*]\s+/, '').trim());
    else if (/^\s+\S/.test(line) && items.length) items[items.length - 1] += `\n${line.trim()}`;
  }
  return items;
}

export function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
