import type { ArtifactType } from '../../../contract/skills';
import type { DistillModel } from './distillModel';
import type { DistillEvidence } from '../../../contract/skills';
import type { Draft } from './templateDraft';
import { declaredName, validateArtifact } from './validateArtifact';
import { SKILL_FILE_NAME } from '../../../contract/engramLayout';

const FORMAT: Record<ArtifactType, string> = {
  skill:
    `A skill file ${SKILL_FILE_NAME}: YAML frontmatter with \`name\` (lower-case letters/digits joined by single hyphens, at most 64 characters) and \`description\` (at most 1024 characters: what it does and when to use it); the body is the instructions.`,
  agent:
    'A subagent file: YAML frontmatter with `name` (lower-case letters/digits joined by single hyphens, at most 64 characters), `description`, optional `tools` (a comma-separated list of tool names) and optional `model`; the body is the subagent\'s system prompt.',
  command:
    'A custom command file: YAML frontmatter with `description` and optional `argument-hint` and `agent`; the body is the prompt sent when a person types `/name args`, and it must contain `$ARGUMENTS` where the args go.',
};

export type ModelDraftOutcome = { ok: true; draft: Draft } | { ok: false; errors: string[] };

/**
 * The model writes the artifact from the evidence, starting from the template. Its answer
 * is validated; an invalid one is sent back once with the reasons, then dropped.
 */
export async function draftWithModel(model: DistillModel, evidence: DistillEvidence, template: Draft): Promise<ModelDraftOutcome> {
  let prompt = draftPrompt(evidence, template);
  let errors: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    let answer: string;
    try {
      answer = await model.generate(prompt);
    } catch (err) {
      return { ok: false, errors: [`the model failed: ${(err as Error).message}`] };
    }
    const text = fileFrom(answer);
    const name = template.type === 'command' ? template.name : (declaredName(text) ?? template.name);
    errors = validateArtifact(template.type, name, text);
    if (!errors.length) return { ok: true, draft: { type: template.type, name, description: template.description, text } };
    prompt = `${draftPrompt(evidence, template)}\n\nYour previous answer was invalid:\n${errors.map((e) => `- ${e}`).join('\n')}\n\nPrevious answer:\n${text}\n\nAnswer again with a valid file.`;
  }
  return { ok: false, errors };
}

function draftPrompt(evidence: DistillEvidence, template: Draft): string {
  return [
    `Write a ${template.type} for a coding agent's project that saves work people did again and again.`,
    FORMAT[template.type],
    `Suggested name: ${template.name}. Keep it small: only what the evidence shows.`,
    `Evidence: seen in ${evidence.sessions.length} sessions (${evidence.sessions.map((s) => `${s.id} "${s.title}"`).join(', ')}).`,
    evidence.prompt ? `The request repeated each time (normalized): ${evidence.prompt}` : '',
    evidence.steps.length ? `Repeated steps (normalized):\n${evidence.steps.map((s) => `- ${s}`).join('\n')}` : '',
    evidence.examples.length ? `One real instance:\n${evidence.examples.map((s) => `- ${s}`).join('\n')}` : '',
    `A template to improve on:\n${template.text}`,
    'Answer with the complete file only (frontmatter and body), nothing else.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The file from an answer: a fenced block's content when the model used one. */
function fileFrom(answer: string): string {
  const fenced = /```(?:markdown|md|yaml)?\s*\n([\s\S]*?)\n```/.exec(answer);
  const text = (fenced && fenced[1].trimStart().startsWith('---') ? fenced[1] : answer).trim();
  return `${text}\n`;
}
