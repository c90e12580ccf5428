import fs from 'node:fs';
import path from 'node:path';
import { replaceGuarded } from '../fs/guardedReplace';
import { PERSONAL_PATTERNS } from '../../contract/engramLayout';

/**
 * `.engram/.gitignore` listing the personal files of the layout (checkpoints and notes, a
 * dream's backups and lock stay on each person's machine): created, or completed with what is
 * missing, never rewritten. Returns
 * whether it changed. Takes the `.engram/` folder so the layout code can call it.
 */
export function ensurePersonalFoldersIgnored(engramDir: string): boolean {
  const file = path.join(engramDir, '.gitignore');
  // Cheap check first: this runs at every start, and the file is almost always complete.
  if (!missingFrom(readOrEmpty(file)).length) return false;
  // A person may edit it meanwhile: planned on what is there at the swap (see replaceGuarded).
  return replaceGuarded(file, (current) => {
    const before = current?.toString('utf8') ?? '';
    const missing = missingFrom(before);
    if (!missing.length) return null;
    const header = before ? '' : '# Personal (checkpoints, notes, dream backups and lock): not shared through git.\n';
    return before + (before && !before.endsWith('\n') ? '\n' : '') + header + missing.map((f) => f + '\n').join('');
  }).written;
}

function missingFrom(text: string): string[] {
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  return PERSONAL_PATTERNS.filter((f) => !have.has(f) && !have.has('/' + f));
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
