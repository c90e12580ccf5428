import { stringify } from 'yaml';
import type { ArtifactType } from '../../../contract/skills';
import type { Pattern } from './findPatterns';

/** Words that say nothing about what a workflow is for. */
const FILLER = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'for', 'with', 'please', 'then', 'run', 'npm', 'npx', 'pnpm', 'yarn', 'edit', 'write', 'it', 'this', 'that', 'my', 'our', 'again', 'now', 'do', 'new']);

export interface Draft {
  type: ArtifactType;
  name: string;
  description: string;
  text: string;
}

/**
 * The smallest artifact that saves the work: a request that repeats becomes a command; a
 * short procedure a skill; a long one that edits and runs things a subagent of its own.
 */
export function artifactTypeFor(p: Pattern): ArtifactType {
  if (p.prompt) return 'command';
  const edits = p.steps.some((s) => /^(edit|write) /.test(s));
  return p.steps.length >= 6 && edits ? 'agent' : 'skill';
}

export function suggestName(p: Pattern): string {
  const source = p.prompt ?? p.steps.join(' ');
  const words: string[] = [];
  for (const raw of source.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!raw || FILLER.has(raw) || /^\d+$/.test(raw) || ['str', 'path', 'id', 'n', 'version'].includes(raw)) continue;
    if (!words.includes(raw)) words.push(raw);
    if (words.length === 3) break;
  }
  return (words.join('-') || 'recurring-work').slice(0, 64).replace(/-+$/, '');
}

/** A draft written from the evidence alone: no model, same format, same validation. */
export function templateDraft(p: Pattern, type: ArtifactType, name: string): Draft {
  const sessions = `${p.sessionIds.length} sessions`;
  const stepList = p.examples.map((e, i) => `${i + 1}. \`${e.replace(/`/g, "'")}\``).join('\n');
  if (type === 'command') {
    const { body, hasArgs } = promptWithArguments(p.promptExamples);
    const description = clip(`Does what was asked in ${sessions}: "${p.promptExamples[0] ?? name}"`, 1024);
    const parts = [body];
    if (stepList) parts.push(`Steps that were repeated each time:\n${stepList}`);
    if (!hasArgs) parts.push('Also: $ARGUMENTS');
    return draft('command', name, description, { description, ...(hasArgs ? { 'argument-hint': '<value>' } : {}) }, parts.join('\n\n'));
  }
  const what = p.examples.slice(0, 3).join(', ');
  if (type === 'agent') {
    const description = clip(`Runs the recurring task of ${sessions} (${what}). Use it to hand that whole task over.`, 1024);
    const tools = toolsOf(p.steps);
    const body = `You carry out one recurring task in this project, the way it was done in ${sessions}.\n\nSteps:\n${stepList}\n\nAdapt paths and values to the request; report what you changed and what each command printed.`;
    return draft('agent', name, description, { name, description, tools }, body);
  }
  const description = clip(`The recurring steps of ${sessions}: ${what}. Use when doing this again.`, 1024);
  const body = `# ${name}\n\nDone the same way in ${sessions}:\n\n${stepList}\n\nAdapt paths and values to the case at hand; check each step's output before the next.`;
  return draft('skill', name, description, { name, description }, body);
}

function draft(type: ArtifactType, name: string, description: string, meta: Record<string, string>, body: string): Draft {
  return { type, name, description, text: `---\n${stringify(meta, { lineWidth: 0 }).trimEnd()}\n---\n\n${body.trim()}\n` };
}

/** The newest request with the part that varied between sessions replaced by `$ARGUMENTS`. */
function promptWithArguments(examples: string[]): { body: string; hasArgs: boolean } {
  const newest = examples[0] ?? '';
  const tokens = examples.map((e) => e.split(/\s+/));
  if (examples.length < 2 || tokens.some((t) => t.length !== tokens[0].length)) return { body: newest, hasArgs: false };
  const differs = tokens[0].map((tok, i) => tokens.some((t) => t[i] !== tok));
  if (!differs.includes(true)) return { body: newest, hasArgs: false };
  const out: string[] = [];
  differs.forEach((d, i) => {
    if (!d) out.push(tokens[0][i]);
    else if (!differs[i - 1]) out.push('$ARGUMENTS');
  });
  return { body: out.join(' '), hasArgs: true };
}

function toolsOf(steps: string[]): string {
  const tools = new Set(['read', 'grep', 'glob']);
  for (const s of steps) {
    const first = s.split(' ')[0];
    // Tool steps are named by their tool; everything else mined is a shell command.
    tools.add(['edit', 'write', 'subagent', 'memory_write', 'task_update'].includes(first) ? first : 'bash');
  }
  return [...tools].join(', ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
