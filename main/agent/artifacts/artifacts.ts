import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** Folders searched, first wins: Engram's own, then Claude Code's, then OpenCode's (SPEC §3). */
const ROOTS = ['.engram', '.claude', '.opencode'];
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface Artifact {
  name: string;
  path: string;
  meta: Record<string, unknown>;
  body: string;
}

export function loadSkill(projectRoot: string, name: string): Artifact | null {
  if (!NAME.test(name) || name.length > 64) return null;
  return firstExisting(projectRoot, (root) => path.join(root, 'skills', name, 'SKILL.md'), name);
}

export function loadAgentDefinition(projectRoot: string, name: string): Artifact | null {
  if (!NAME.test(name) || name.length > 64) return null;
  return firstExisting(projectRoot, (root) => path.join(root, 'agents', `${name}.md`), name);
}

export function listSkills(projectRoot: string): Array<{ name: string; description: string }> {
  const seen = new Map<string, string>();
  for (const root of ROOTS) {
    const dir = path.join(projectRoot, root, 'skills');
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name)) continue;
      const skill = loadSkill(projectRoot, name);
      if (skill) seen.set(name, String(skill.meta.description ?? '').slice(0, 1024));
    }
  }
  return [...seen].map(([name, description]) => ({ name, description }));
}

/** The project's own instructions: AGENTS.md, else CLAUDE.md. */
export function projectInstructions(projectRoot: string): { file: string; text: string } | null {
  for (const file of ['AGENTS.md', 'CLAUDE.md']) {
    try {
      return { file, text: fs.readFileSync(path.join(projectRoot, file), 'utf8') };
    } catch {
      // try the next
    }
  }
  return null;
}

function firstExisting(projectRoot: string, at: (root: string) => string, name: string): Artifact | null {
  for (const root of ROOTS) {
    const file = at(path.join(projectRoot, root));
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const { meta, body } = splitFrontmatter(text);
    return { name, path: file, meta, body };
  }
  return null;
}

function splitFrontmatter(text: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  try {
    const meta = parseYaml(m[1]);
    return { meta: meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {}, body: text.slice(m[0].length) };
  } catch {
    return { meta: {}, body: text.slice(m[0].length) };
  }
}
