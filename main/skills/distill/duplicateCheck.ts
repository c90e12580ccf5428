import type { CatalogEntry } from '../artifactCatalog';
import type { ArtifactType } from '../../../contract/skills';
import { normalizeShell } from './normalizeStep';

/**
 * Why a proposal would duplicate an artifact the project already has, or null: the same type
 * and name, or an artifact whose text already holds every step of the pattern.
 */
export function duplicateOf(existing: CatalogEntry[], type: ArtifactType, name: string, steps: string[]): string | null {
  const same = existing.find((a) => a.type === type && a.name === name);
  if (same) return `a ${type} named ${name} already exists (${same.path})`;
  const shellSteps = steps.filter((s) => !/^(edit|write|subagent|memory_write|task_update)( |$)/.test(s));
  if (shellSteps.length < 2) return null;
  for (const a of existing) {
    const known = stepsIn(a.body);
    if (shellSteps.every((s) => known.has(s))) return `${a.path} already covers these steps`;
  }
  return null;
}

/** Commands written in an artifact (inline code, fenced lines, `$ ` lines), normalized like mined steps. */
function stepsIn(body: string): Set<string> {
  const found = new Set<string>();
  const add = (cmd: string) => {
    const n = normalizeShell(cmd.replace(/^\$\s+/, ''));
    if (n) found.add(n);
  };
  for (const m of body.matchAll(/`([^`\n]+)`/g)) add(m[1]);
  for (const block of body.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) block[1].split('\n').forEach(add);
  for (const line of body.split('\n')) if (/^\s*\$\s+/.test(line)) add(line.trim());
  return found;
}
