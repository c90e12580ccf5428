import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { PERSONAL_PATTERNS } from '../../contract/engramLayout';

/**
 * `.engram/.gitignore` listing the personal files of the layout (checkpoints and notes, a
 * dream's backups and lock stay on each person's machine): created, or completed with what is
 * missing, never rewritten. Returns
 * whether it changed. Takes the `.engram/` folder so the layout code can call it.
 */
export function ensurePersonalFoldersIgnored(engramDir: string): boolean {
  const file = path.join(engramDir, '.gitignore');
  let before = '';
  try {
    before = fs.readFileSync(file, 'utf8');
  } catch {
    // Not there yet.
  }
  const have = new Set(before.split(/\r?\n/).map((l) => l.trim()));
  const missing = PERSONAL_PATTERNS.filter((f) => !have.has(f) && !have.has('/' + f));
  if (!missing.length) return false;
  const header = before ? '' : '# Personal (checkpoints, notes, dream backups and lock): not shared through git.\n';
  writeFileAtomic(file, before + (before && !before.endsWith('\n') ? '\n' : '') + header + missing.map((f) => f + '\n').join(''));
  return true;
}
