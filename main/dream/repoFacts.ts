import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ENGRAM_DIR } from '../../contract/engramLayout';

/**
 * What the path pass needs to know about the repository, gathered once per dream, without
 * blocking the event loop (git runs as a child process): the files there are, and the renames
 * git has seen (history, staged and unstaged), old path → new path.
 */
export interface RepoFacts {
  exists(rel: string): boolean;
  files: string[];
  renames: Map<string, string>;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', ENGRAM_DIR, 'out', 'dist']);
const WALK_LIMIT = 50_000;

export async function gatherRepoFacts(root: string): Promise<RepoFacts> {
  const exists = (rel: string) => fs.existsSync(path.join(root, rel));
  const listed = await git(root, ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  if (listed === null) return { exists, files: walk(root), renames: new Map() };
  const files = listed.split('\0').filter(Boolean);
  const renames = new Map<string, string>();
  // Oldest first, so that a later rename of the same path wins.
  const history = (await git(root, ['log', '-M', '--diff-filter=R', '--name-status', '--format=', '--reverse', '-z'])) ?? '';
  const staged = (await git(root, ['diff', '--cached', '-M', '--diff-filter=R', '--name-status', '-z'])) ?? '';
  const unstaged = (await git(root, ['diff', '-M', '--diff-filter=R', '--name-status', '-z'])) ?? '';
  for (const out of [history, staged, unstaged]) addRenames(out, renames);
  return { exists, files, renames };
}

function addRenames(out: string, renames: Map<string, string>): void {
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    if (/^R\d*$/.test(parts[i].trim()) && i + 2 < parts.length) {
      renames.set(parts[i + 1], parts[i + 2]);
      i += 2;
    }
  }
}

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) =>
      resolve(err ? null : stdout),
    );
  });
}

/** Outside git: the tree itself, bounded so a huge folder cannot stall the host. */
function walk(root: string): string[] {
  const out: string[] = [];
  const stack = [''];
  while (stack.length && out.length < WALK_LIMIT) {
    const rel = stack.pop()!;
    let items: fs.Dirent[];
    try {
      items = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of items) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (!SKIP_DIRS.has(d.name)) stack.push(child);
      } else out.push(child);
    }
  }
  return out;
}
