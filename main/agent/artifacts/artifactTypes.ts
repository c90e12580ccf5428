/** Shapes shared with the renderer (preload/api.ts re-exports them): no runtime code here. */

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
