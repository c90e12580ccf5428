import fs from 'node:fs';
import path from 'node:path';
import { globToRegExp } from './globPattern';

interface IgnoreRule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

const ALWAYS_SKIPPED = new Set(['.git']);
export const MAX_WALK_FILES = 20_000;

/**
 * Project files under `start` (relative `/` paths from the root), honouring every .gitignore
 * on the way down (the common subset: globs, `!` negation, trailing `/`). `.git` is skipped.
 */
export function* walkFiles(root: string, start: string, signal?: AbortSignal): Generator<string> {
  const stack: Array<{ dir: string; rules: Array<{ base: string; rule: IgnoreRule }> }> = [];
  // Rules of the folders between the root and `start` apply too.
  let inherited: Array<{ base: string; rule: IgnoreRule }> = [];
  const relStart = path.relative(root, start).split(path.sep).filter(Boolean);
  let cursor = root;
  for (let i = 0; i <= relStart.length; i++) {
    inherited = inherited.concat(readIgnore(root, cursor));
    if (i < relStart.length) cursor = path.join(cursor, relStart[i]);
  }
  stack.push({ dir: start, rules: inherited });
  let seen = 0;
  while (stack.length) {
    if (signal?.aborted) return;
    const { dir, rules } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const isDir = entry.isDirectory();
      if (ignored(rules, rel, isDir)) continue;
      if (isDir) stack.push({ dir: abs, rules: rules.concat(readIgnore(root, abs)) });
      else if (entry.isFile()) {
        if (++seen > MAX_WALK_FILES) return;
        yield rel;
      }
    }
  }
}

function readIgnore(root: string, dir: string): Array<{ base: string; rule: IgnoreRule }> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  const base = path.relative(root, dir).split(path.sep).join('/');
  const out: Array<{ base: string; rule: IgnoreRule }> = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    if (!line) continue;
    out.push({ base, rule: { re: globToRegExp(line), negate, dirOnly } });
  }
  return out;
}

function ignored(rules: Array<{ base: string; rule: IgnoreRule }>, rel: string, isDir: boolean): boolean {
  let result = false;
  for (const { base, rule } of rules) {
    if (rule.dirOnly && !isDir) continue;
    const local = base ? (rel.startsWith(base + '/') ? rel.slice(base.length + 1) : null) : rel;
    if (local === null) continue;
    if (rule.re.test(local)) result = !rule.negate;
  }
  return result;
}

/** True when the first bytes contain a NUL: treated as binary and not read as text. */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}
