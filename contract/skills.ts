/**
 * Skills: the skills, subagents and custom commands of a project (Engram's `.engram/`, Claude
 * Code's `.claude/`, OpenCode's `.opencode/`), and Distill, which proposes new ones from
 * recurring work. The UI's "Skills" view speaks only this domain.
 */
import { z } from 'zod';
import { projectId } from './shapes';

export const ARTIFACT_TYPES = ['skill', 'agent', 'command'] as const;
export type ArtifactType = (typeof ARTIFACT_TYPES)[number];

/** One skill, subagent or custom command found in the project. */
export interface ArtifactInfo {
  type: ArtifactType;
  name: string;
  description: string;
  /** Where it comes from: `.engram`, `.claude` or `.opencode`. */
  source: string;
  /** Relative to the project root. */
  path: string;
  /** False when one of the same type and name in an earlier folder wins (`.engram` before `.claude` before `.opencode`). */
  active: boolean;
}

/** What was seen again and again: the evidence behind a proposal. */
export interface DistillEvidence {
  /** Sessions the pattern occurred in, newest first. */
  sessions: Array<{ id: string; title: string; at: string }>;
  /** The repeated steps, normalized (paths, ids and numbers abstracted). */
  steps: string[];
  /** The repeated request, normalized, when people asked the same thing. */
  prompt: string | null;
  /** Examples of the steps as they really ran (one session's), for the preview and the model. */
  examples: string[];
}

export type PatternKind = 'sequence' | 'prompt' | 'config-edit';

/** One proposed artifact: validated, never written until accepted. */
export interface DistillCandidate {
  /** Stable for the same pattern: how a rejection is remembered. */
  key: string;
  kind: PatternKind;
  type: ArtifactType;
  name: string;
  description: string;
  /** Where accepting it writes, relative to the project root. */
  path: string;
  /** The file's full text as it would be written. */
  preview: string;
  /** How much repeated work it would save (higher first). */
  score: number;
  evidence: DistillEvidence;
  /** Who drafted the text. */
  draftedBy: 'model' | 'template';
}

/** A draft that failed validation twice: shown as a reason, never written. */
export interface DroppedDraft {
  key: string;
  type: ArtifactType;
  name: string;
  errors: string[];
}

/** What one Distill proposes (also the JSON of `engram distill --json`). */
export interface DistillProposal {
  sinceDays: number;
  sessionsReviewed: number;
  candidates: DistillCandidate[];
  dropped: DroppedDraft[];
}

export interface WrittenArtifact {
  type: ArtifactType;
  name: string;
  path: string;
}

export const skillSchemas = {
  /** Skills, subagents and commands of a project (.engram, .claude, .opencode). */
  'skills.list': z.object({ projectId }).strict(),
  /** Distill: reviews recent sessions and proposes artifacts; writes nothing. */
  'skills.distill': z.object({ projectId, sinceDays: z.number().int().min(1).max(3650).optional(), noLlm: z.boolean().optional() }).strict(),
  /** Writes one proposal (as shown, or as edited) into .engram/; refuses invalid text or an existing name. */
  'skills.accept': z
    .object({ projectId, type: z.enum(ARTIFACT_TYPES), name: z.string().min(1).max(64), content: z.string().min(1).max(64 * 1024) })
    .strict(),
  /** Remembers a rejected proposal so it is not proposed again. */
  'skills.reject': z.object({ projectId, key: z.string().min(1).max(80) }).strict(),
} satisfies Record<string, z.ZodType>;

export interface SkillResponses {
  'skills.list': ArtifactInfo[];
  'skills.distill': DistillProposal;
  'skills.accept': WrittenArtifact;
  'skills.reject': { rejected: boolean };
}

export interface SkillEvents {
  /** A project's skills, subagents or commands changed through Engram (a proposal was accepted). */
  'skills.changed': { projectId: string };
}
