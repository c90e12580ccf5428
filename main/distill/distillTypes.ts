import type { ArtifactType } from '../agent/artifacts/artifactTypes';

/** Shapes shared with the renderer and the CLI's JSON (preload/api.ts re-exports them). */

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
