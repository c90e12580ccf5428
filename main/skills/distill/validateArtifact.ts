import { ARTIFACT_NAME } from '../artifacts';
import type { ArtifactType } from '../../../contract/skills';
import { readFrontmatter } from '../../markdown/frontmatter';

/** Frontmatter fields each format knows (SPEC §3, Agent Skills, Claude Code, OpenCode). */
const FIELDS: Record<ArtifactType, { required: string[]; optional: string[] }> = {
  skill: { required: ['name', 'description'], optional: ['license', 'compatibility', 'metadata', 'allowed-tools'] },
  agent: { required: ['name', 'description'], optional: ['tools', 'model'] },
  command: { required: ['description'], optional: ['argument-hint', 'agent', 'model'] },
};
const MAX_BYTES = 64 * 1024;

/**
 * Everything wrong with an artifact's text for its type and name, in words; empty when it
 * may be written. Every draft passes here before it is shown, and again before it is written.
 */
export function validateArtifact(type: ArtifactType, name: string, text: string): string[] {
  const errors: string[] = [];
  // Engram writes every type under the skill-name rule, so the file works in every tool.
  if (!ARTIFACT_NAME.test(name) || name.length > 64) {
    errors.push(`name "${name}" must be lower-case letters and digits joined by single hyphens, at most 64 characters`);
  }
  if (Buffer.byteLength(text) > MAX_BYTES) errors.push(`the file is larger than ${MAX_BYTES / 1024} KB`);
  const { meta, body, hasFrontmatter, yamlError } = readFrontmatter(text);
  if (!hasFrontmatter) return [...errors, 'the file must start with a --- frontmatter block'];
  if (yamlError) return [...errors, `the frontmatter is not valid YAML: ${yamlError}`];
  const { required, optional } = FIELDS[type];
  for (const key of Object.keys(meta)) {
    if (!required.includes(key) && !optional.includes(key)) errors.push(`unknown frontmatter field "${key}" for a ${type}`);
  }
  for (const key of required) {
    if (typeof meta[key] !== 'string' || !(meta[key] as string).trim()) errors.push(`frontmatter field "${key}" is required (text)`);
  }
  for (const key of optional) {
    if (key in meta && key !== 'metadata' && typeof meta[key] !== 'string') errors.push(`frontmatter field "${key}" must be text`);
  }
  if (typeof meta.description === 'string' && meta.description.length > 1024) errors.push('description is longer than 1024 characters');
  if (type !== 'command' && typeof meta.name === 'string' && meta.name !== name) {
    errors.push(`frontmatter name "${meta.name}" must equal ${type === 'skill' ? 'the folder' : 'the file'} name "${name}"`);
  }
  if (!body.trim()) errors.push('the body is empty');
  if (type === 'command' && !body.includes('$ARGUMENTS')) errors.push('a command body must use $ARGUMENTS where the arguments go');
  if (type === 'skill' && body.split('\n').length > 500) errors.push('a skill body should stay under 500 lines');
  return errors;
}

/** The name an artifact's own frontmatter gives (skills and agents), if any. */
export function declaredName(text: string): string | null {
  const { meta } = readFrontmatter(text);
  return typeof meta.name === 'string' ? meta.name.trim() : null;
}
