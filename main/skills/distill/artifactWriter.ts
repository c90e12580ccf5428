import fs from 'node:fs';
import path from 'node:path';
import { listArtifacts } from '../artifactCatalog';
import type { ArtifactType } from '../../../contract/skills';
import { replaceGuarded } from '../../fs/guardedReplace';
import { PathOutsideProjectError, resolveInProject } from '../../paths/projectPath';
import type { WrittenArtifact } from '../../../contract/skills';
import { validateArtifact } from './validateArtifact';
import { InvalidInputError } from '../../errors/domainErrors';
import { engramLayout } from '../../../contract/engramLayout';

/** Invalid text, or a name already taken: nothing was written. */
export class ArtifactRefusedError extends InvalidInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactRefusedError';
  }
}

/** Where Engram writes an artifact of this type and name, relative to the project. */
export function artifactPath(type: ArtifactType, name: string): string {
  return engramLayout.artifactFile(type, name);
}

/**
 * Writes one accepted artifact into `.engram/`, atomically. Refuses (never overwrites) when
 * the text is invalid or the project already has one of that type and name anywhere.
 */
export function writeArtifact(projectRoot: string, type: ArtifactType, name: string, text: string): WrittenArtifact {
  const errors = validateArtifact(type, name, text);
  if (errors.length) throw new ArtifactRefusedError(`The ${type} ${name} is not valid: ${errors.join('; ')}.`);
  const clash = listArtifacts(projectRoot).find((a) => a.type === type && a.name === name);
  if (clash) throw new ArtifactRefusedError(`Not written: a ${type} named ${name} already exists at ${clash.path}.`);
  const rel = artifactPath(type, name);
  let file: string;
  try {
    // `.engram/commands` (or a folder above) linked out of the project: never write there.
    file = resolveInProject(projectRoot, rel);
  } catch (err) {
    if (err instanceof PathOutsideProjectError) throw new ArtifactRefusedError(`Not written: ${err.message}`);
    throw err;
  }
  if (fs.existsSync(file)) throw new ArtifactRefusedError(`Not written: ${rel} already exists.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Created only if nothing is there at that moment: a file a person made meanwhile stays.
  replaceGuarded(file, (current) => {
    if (current !== null) throw new ArtifactRefusedError(`Not written: ${rel} already exists.`);
    return text;
  });
  return { type, name, path: rel };
}
