import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACT_DIRS, engramLayout, type ArtifactDir } from '../../contract/engramLayout';
import { ARTIFACT_TYPES, type ArtifactInfo, type ArtifactType } from '../../contract/skills';
import { readFrontmatter } from '../markdown/frontmatter';
import { readProjectFile } from '../paths/projectPath';
import { ARTIFACT_NAME } from './artifacts';

/** Bounds reading a folder somebody filled by hand: the list is for people, not an index. */
const MAX_PER_FOLDER = 500;
const MAX_FILE_BYTES = 256 * 1024;

export interface CatalogEntry extends ArtifactInfo {
  /** The file's body (without frontmatter), for duplicate checks. */
  body: string;
}

/**
 * Every skill, subagent and custom command of a project, Engram's own first, then those of
 * Claude Code and OpenCode (SPEC §3). Unreadable files are skipped, never fatal.
 */
export function listArtifacts(projectRoot: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const seen = new Set<string>();
  for (const source of ARTIFACT_DIRS) {
    for (const type of ARTIFACT_TYPES) {
      for (const found of filesOf(projectRoot, source, type)) {
        const entry = readEntry(projectRoot, source, type, found.name, found.file);
        if (!entry) continue;
        const key = `${type}:${entry.name}`;
        entry.active = !seen.has(key);
        seen.add(key);
        out.push(entry);
      }
    }
  }
  return out;
}

function filesOf(projectRoot: string, source: ArtifactDir, type: ArtifactType): Array<{ name: string; file: string }> {
  const dir = path.join(projectRoot, engramLayout.artifactsDir(type, source));
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort().slice(0, MAX_PER_FOLDER);
  } catch {
    return [];
  }
  if (type === 'skill') return names.map((name) => ({ name, file: path.join(projectRoot, engramLayout.artifactFile(type, name, source)) }));
  return names.filter((n) => n.endsWith('.md')).map((n) => ({ name: n.slice(0, -3), file: path.join(projectRoot, engramLayout.artifactFile(type, n.slice(0, -3), source)) }));
}

function readEntry(projectRoot: string, source: string, type: ArtifactType, name: string, file: string): CatalogEntry | null {
  if (!ARTIFACT_NAME.test(name) && type === 'skill') return null;
  let text: string | null;
  try {
    text = readProjectFile(projectRoot, file, MAX_FILE_BYTES);
  } catch {
    // Links out of the project are not listed (nor offered to the model, nor duplicate-checked).
    return null;
  }
  if (text === null) return null;
  const { meta, body } = readFrontmatter(text);
  return {
    type,
    name,
    description: typeof meta.description === 'string' ? meta.description.slice(0, 1024) : '',
    source,
    path: path.relative(projectRoot, file),
    active: true,
    body,
  };
}
