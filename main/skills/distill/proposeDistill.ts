import crypto from 'node:crypto';
import { listArtifacts } from '../artifactCatalog';
import type { Database } from '../../db/database';
import { artifactPath } from './artifactWriter';
import type { DistillModel } from './distillModel';
import type { DistillCandidate, DistillEvidence, DistillProposal, DroppedDraft } from '../../../contract/skills';
import { duplicateOf } from './duplicateCheck';
import { findPatterns, type Pattern } from './findPatterns';
import { draftWithModel } from './modelDraft';
import { DistillRejections } from './rejections';
import { readSessionHistory, type MinedSession } from './sessionHistory';
import { artifactTypeFor, suggestName, templateDraft, type Draft } from './templateDraft';
import { validateArtifact } from './validateArtifact';

export const DEFAULT_SINCE_DAYS = 30;

export interface ProposeInput {
  db: Database;
  projectRoot: string;
  sinceDays?: number;
  /** Drafts the text when given; otherwise the template is the draft. */
  model?: DistillModel | null;
  now?: Date;
  log?: (line: string) => void;
}

/**
 * Reviews the project's recent sessions and proposes artifacts: mined without a model,
 * checked against what the project already has, drafted, validated. Writes nothing.
 */
export async function proposeDistill(input: ProposeInput): Promise<DistillProposal> {
  const sinceDays = input.sinceDays ?? DEFAULT_SINCE_DAYS;
  const since = new Date((input.now ?? new Date()).getTime() - sinceDays * 86_400_000);
  const sessions = await readSessionHistory(input.db, input.projectRoot, since);
  const existing = listArtifacts(input.projectRoot);
  const rejected = new DistillRejections(input.db, input.projectRoot).keys();
  const candidates: DistillCandidate[] = [];
  const dropped: DroppedDraft[] = [];
  for (const pattern of await findPatterns(sessions)) {
    const key = patternKey(pattern);
    if (rejected.has(key)) continue;
    const type = artifactTypeFor(pattern);
    const name = suggestName(pattern);
    const duplicate = duplicateOf(existing, type, name, pattern.steps);
    if (duplicate) {
      input.log?.(`distill: not proposing ${type} ${name}: ${duplicate}`);
      continue;
    }
    const evidence = evidenceOf(pattern, sessions);
    const template = templateDraft(pattern, type, name);
    let draft: Draft = template;
    let draftedBy: DistillCandidate['draftedBy'] = 'template';
    if (input.model) {
      const outcome = await draftWithModel(input.model, evidence, template);
      if (!outcome.ok) {
        dropped.push({ key, type, name, errors: outcome.errors });
        continue;
      }
      draft = outcome.draft;
      draftedBy = 'model';
      // The model may rename it: the new name must not clash either.
      const clash = draft.name !== name ? duplicateOf(existing, type, draft.name, []) : null;
      if (clash || candidates.some((c) => c.type === type && c.name === draft.name)) {
        dropped.push({ key, type, name: draft.name, errors: [clash ?? `two proposals named ${draft.name}`] });
        continue;
      }
    } else {
      const errors = validateArtifact(type, name, template.text);
      if (errors.length || candidates.some((c) => c.type === type && c.name === name)) {
        dropped.push({ key, type, name, errors: errors.length ? errors : [`two proposals named ${name}`] });
        continue;
      }
    }
    candidates.push({
      key,
      kind: pattern.kind,
      type,
      name: draft.name,
      description: draft.description,
      path: artifactPath(type, draft.name),
      preview: draft.text,
      score: pattern.score,
      evidence,
      draftedBy,
    });
  }
  return { sinceDays, sessionsReviewed: sessions.length, candidates, dropped };
}

function evidenceOf(p: Pattern, sessions: MinedSession[]): DistillEvidence {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return {
    sessions: p.sessionIds.map((id) => ({ id, title: byId.get(id)?.title ?? '', at: byId.get(id)?.at ?? '' })),
    steps: p.steps,
    prompt: p.prompt,
    examples: p.examples.length ? p.examples : p.promptExamples.slice(0, 3),
  };
}

/** Same pattern, same key, across runs: what a rejection is remembered by. */
function patternKey(p: Pattern): string {
  const basis = `${p.kind}\n${p.prompt ?? ''}\n${p.steps.join('\n')}`;
  return `dst_${crypto.createHash('sha256').update(basis).digest('hex').slice(0, 16)}`;
}
