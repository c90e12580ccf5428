import fs from 'node:fs';
import path from 'node:path';
import { replaceGuarded } from '../fs/guardedReplace';
import { ensurePersonalFoldersIgnored } from '../teamMemory/personalFiles';
import { ENGRAM_DIR, ENGRAM_FOLDERS, GITIGNORE_FILE, engramLayout } from '../../contract/engramLayout';

export { ENGRAM_DIR };

/** A new MEMORY.md: the title and the SPEC §3 sections, empty. */
export function memoryTemplate(title: string): string {
  return `# ${title}\n\n${['Context', 'Rules', 'Decisions', 'Knowledge', 'Patterns', 'Gotchas', 'Superseded'].map((s) => `## ${s}\n`).join('')}`;
}

export const MEMORY_TEMPLATE = memoryTemplate('Project memory');

/**
 * Creates `<root>/.engram/` with MEMORY.md, the empty folders of SPEC §3 and a `.gitignore` for
 * the personal ones. Idempotent: what exists (including a person's MEMORY.md) is left exactly
 * as it is.
 */
export function initEngramFolder(root: string): { path: string; created: string[] } {
  const dir = path.join(root, engramLayout.dir);
  const created: string[] = [];
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    created.push(ENGRAM_DIR + '/');
  }
  const memory = path.join(root, engramLayout.memoryFile);
  // Created only if absent at that very moment: a person's MEMORY.md is never replaced.
  if (!fs.existsSync(memory) && replaceGuarded(memory, (current) => (current === null ? MEMORY_TEMPLATE : null)).written) {
    created.push('MEMORY.md');
  }
  for (const folder of ENGRAM_FOLDERS) {
    const p = path.join(dir, folder);
    if (!fs.existsSync(p)) {
      fs.mkdirSync(p);
      created.push(folder + '/');
    }
  }
  if (ensurePersonalFoldersIgnored(dir)) created.push('.gitignore');
  return { path: dir, created };
}

/** A checkout Engram may not write to: its memory still opens, and the next start tries again. */
const READ_ONLY = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * An existing `.engram/.gitignore` (an older Engram set it up) gains the personal patterns added
 * since, each person's own lines kept (ensurePersonalFoldersIgnored). Run whenever a project's
 * memory is opened, so no one has to rerun `init` after an upgrade. A project without one is
 * left as it is: `init` and the first memory write create it.
 */
export function completeEngramGitignore(root: string): void {
  if (!fs.existsSync(path.join(root, GITIGNORE_FILE))) return;
  try {
    ensurePersonalFoldersIgnored(path.join(root, engramLayout.dir));
  } catch (err) {
    if (!READ_ONLY.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}
