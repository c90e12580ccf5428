import fs from 'node:fs';
import path from 'node:path';
import { readFrontmatter } from '../markdown/frontmatter';
import { ARTIFACT_DIRS, engramLayout, type ArtifactDir } from '../../contract/engramLayout';
import { PathOutsideProjectError, readProjectFile } from '../paths/projectPath';

/** Folders searched, first wins: Engram's own, then Claude Code's, then OpenCode's (SPEC §3). */
const ROOTS = ARTIFACT_DIRS;
export const ARTIFACT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const NAME = ARTIFACT_NAME;
export const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface Artifact {
  name: string;
  path: string;
  meta: Record<string, unknown>;
  body: string;
}

export function loadSkill(projectRoot: string, name: string): Artifact | null {
  if (!NAME.test(name) || name.length > 64) return null;
  return firstExisting(projectRoot, (dir) => engramLayout.artifactFile('skill', name, dir), name);
}

export function loadAgentDefinition(projectRoot: string, name: string): Artifact | null {
  if (!NAME.test(name) || name.length > 64) return null;
  return firstExisting(projectRoot, (dir) => engramLayout.artifactFile('agent', name, dir), name);
}

/** A custom command (`/name args`): `commands/<name>.md`. */
export function loadCommand(projectRoot: string, name: string): Artifact | null {
  // Claude Code and OpenCode accept command files like fix_issue.md: looser than skill names, still no paths.
  if (!COMMAND_NAME.test(name)) return null;
  return firstExisting(projectRoot, (dir) => engramLayout.artifactFile('command', name, dir), name);
}

/**
 * A subagent definition as a role: its system prompt and, when it lists `tools`, only those.
 * Shared by the `subagent` tool and commands that name an `agent`.
 */
export function agentRole(projectRoot: string, name: string): { prompt: string; tools?: Set<string> } | null {
  const def = loadAgentDefinition(projectRoot, name);
  if (!def) return null;
  const tools =
    typeof def.meta.tools === 'string' && def.meta.tools.trim()
      ? new Set(def.meta.tools.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
      : undefined;
  return { prompt: `# Your role: ${name}\n\n${def.body.trim()}`, tools };
}

export function listSkills(projectRoot: string): Array<{ name: string; description: string }> {
  const seen = new Map<string, string>();
  for (const root of ROOTS) {
    const dir = path.join(projectRoot, engramLayout.artifactsDir('skill', root));
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name)) continue;
      let skill: Artifact | null;
      try {
        skill = loadSkill(projectRoot, name);
      } catch (err) {
        // A skill linked from outside the project is not offered (loading it names why).
        if (err instanceof PathOutsideProjectError) continue;
        throw err;
      }
      if (skill) seen.set(name, String(skill.meta.description ?? '').slice(0, 1024));
    }
  }
  return [...seen].map(([name, description]) => ({ name, description }));
}

/**
 * The project's own instructions: AGENTS.md, else CLAUDE.md. One that links out of the
 * project is skipped (with the reason in `refused`), never read.
 */
export function projectInstructions(projectRoot: string): { file: string; text: string } | { refused: string } | null {
  for (const file of ['AGENTS.md', 'CLAUDE.md']) {
    try {
      const text = readProjectFile(projectRoot, path.join(projectRoot, file));
      if (text !== null) return { file, text };
    } catch (err) {
      if (err instanceof PathOutsideProjectError) return { refused: `${file} was not read: ${err.message}` };
      throw err;
    }
  }
  return null;
}

/**
 * The first of `.engram/`, `.claude/`, `.opencode/` holding the file. A file there that links
 * out of the project stops the search with PathOutsideProjectError: it is neither read nor
 * silently replaced by a lower-priority one.
 */
function firstExisting(projectRoot: string, at: (dir: ArtifactDir) => string, name: string): Artifact | null {
  for (const dir of ROOTS) {
    const file = path.join(projectRoot, at(dir));
    const text = readProjectFile(projectRoot, file);
    if (text === null) continue;
    const { meta, body } = readFrontmatter(text);
    return { name, path: file, meta, body };
  }
  return null;
}
