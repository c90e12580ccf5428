import fs from 'node:fs';
import path from 'node:path';
import { expandHome } from '../paths/dataDir';
import { NotADirectoryError, NotFoundError, NotReadableError } from '../errors/domainErrors';

/**
 * Resolves what a person typed into an absolute, symlink-free folder path, or explains in one
 * sentence why it cannot be opened. Nothing is created or changed.
 */
export function checkProjectFolder(input: string, cwd = process.cwd()): string {
  const typed = input.trim();
  const absolute = path.resolve(cwd, expandHome(typed));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new NotReadableError(`Engram cannot read ${absolute}: permission denied.`);
    throw new NotFoundError(`There is no folder at ${absolute}.`);
  }
  if (!stat.isDirectory()) {
    throw new NotADirectoryError(`${absolute} is a file, not a folder. Choose the repository's folder.`);
  }
  try {
    fs.accessSync(absolute, fs.constants.R_OK | fs.constants.X_OK);
    fs.readdirSync(absolute);
  } catch {
    throw new NotReadableError(`Engram cannot read ${absolute}: permission denied.`);
  }
  return fs.realpathSync(absolute);
}
