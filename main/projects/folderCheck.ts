import fs from 'node:fs';
import path from 'node:path';
import { expandHome } from '../paths/dataDir';
import { InvalidInputError, NotADirectoryError, NotFoundError, NotReadableError } from '../errors/domainErrors';

/**
 * Resolves what a person typed into an absolute, symlink-free folder path, or explains in one
 * sentence why it cannot be opened. Nothing is created or changed.
 */
export function checkProjectFolder(input: string, cwd?: string): string {
  const typed = input.trim();
  const expanded = expandHome(typed);
  // Without a folder to resolve against (the window: its server runs wherever it was started),
  // a relative path would land somewhere the person never meant.
  if (cwd === undefined && !path.isAbsolute(expanded)) {
    throw new InvalidInputError(`Type the full path of the folder (e.g. ~/${typed.replace(/^\.\//, '')} or /home/you/code/${path.basename(typed)}): “${typed}” is relative.`);
  }
  const absolute = path.resolve(cwd ?? '/', expanded);
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
