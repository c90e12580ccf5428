import fs from 'node:fs';
import path from 'node:path';

export class PathOutsideProjectError extends Error {
  constructor(input: string, root: string) {
    super(`Refused: ${input} resolves outside the project (${root}). Tools only touch files inside the project.`);
    this.name = 'PathOutsideProjectError';
  }
}

/**
 * The absolute path a tool may touch for `input` (relative to the root, or absolute inside
 * it), or PathOutsideProjectError. Symlinks are resolved as far as the path exists, so a link
 * inside the project that points out of it is refused too; whatever the permission rules say.
 */
export function resolveInProject(root: string, input: string): string {
  const realRoot = fs.realpathSync(root);
  const absolute = path.resolve(realRoot, input);
  if (!isInside(realRoot, absolute)) throw new PathOutsideProjectError(input, realRoot);
  // Walk up to the deepest part that exists and resolve its links.
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = fs.realpathSync(existing);
      const full = path.join(real, ...rest);
      if (!isInside(realRoot, full)) throw new PathOutsideProjectError(input, realRoot);
      return full;
    } catch (err) {
      if (err instanceof PathOutsideProjectError) throw err;
      // A dangling symlink: refuse rather than follow it somewhere unknown on write.
      if (isDanglingLink(existing)) throw new PathOutsideProjectError(input, realRoot);
      const parent = path.dirname(existing);
      if (parent === existing) throw new PathOutsideProjectError(input, realRoot);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * The text of a file Engram reads on the project's behalf (a skill, command, agent definition,
 * AGENTS.md, .engram/config.json), or null when there is no such file. The same check as the
 * file tools: a link that leads out of the project throws PathOutsideProjectError, so a cloned
 * repository cannot hand the model (or the settings) a file from elsewhere on the machine.
 */
export function readProjectFile(root: string, file: string, maxBytes = Infinity): string | null {
  try {
    fs.lstatSync(file);
  } catch {
    return null;
  }
  // Relative to the root as given, which may itself be reached through a link (e.g. /tmp).
  const real = resolveInProject(root, path.relative(root, file));
  try {
    const stat = fs.statSync(real);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    return fs.readFileSync(real, 'utf8');
  } catch {
    return null;
  }
}

/** The path relative to the root, with `/`, for messages and permission patterns. */
export function relativeToRoot(root: string, absolute: string): string {
  return path.relative(fs.realpathSync(root), absolute).split(path.sep).join('/') || '.';
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isDanglingLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
