import type { PatternKind } from '../../../contract/skills';
import { mineSequences } from './mineSequences';
import { normalizePrompt } from './normalizeStep';
import type { MinedSession } from './sessionHistory';

/** A recurring piece of work, before it is named and drafted. */
export interface Pattern {
  kind: PatternKind;
  steps: string[];
  examples: string[];
  sessionIds: string[];
  /** The normalized repeated request, and the real requests (newest first). */
  prompt: string | null;
  promptExamples: string[];
  score: number;
}

const MIN_PROMPT_WORDS = 2;
const MIN_PROMPT_CHARS = 12;
const MAX_PATTERNS = 8;

/**
 * Everything worth proposing, best first: repeated step sequences (with the request that
 * started them when that repeats too), repeated requests, and the same config file edited in
 * several sessions. Score = work saved: repeats beyond the first × steps a recipe replaces.
 */
export async function findPatterns(sessions: MinedSession[]): Promise<Pattern[]> {
  const prompts = repeatedPrompts(sessions);
  const patterns: Pattern[] = [];
  for (const seq of await mineSequences(sessions)) {
    const prompt = prompts.find((p) => overlap(p.sessionIds, seq.sessionIds) >= 2 && !p.used);
    if (prompt) prompt.used = true;
    patterns.push({
      kind: 'sequence',
      steps: seq.steps,
      examples: seq.examples,
      sessionIds: seq.sessionIds,
      prompt: prompt?.prompt ?? null,
      promptExamples: prompt?.examples ?? [],
      score: (seq.sessionIds.length - 1) * (seq.specific + (prompt ? 1 : 0)),
    });
  }
  for (const p of prompts) {
    if (p.used) continue;
    patterns.push({ kind: 'prompt', steps: [], examples: [], sessionIds: p.sessionIds, prompt: p.prompt, promptExamples: p.examples, score: p.sessionIds.length - 1 });
  }
  for (const c of repeatedConfigEdits(sessions)) {
    if (patterns.some((p) => p.steps.includes(c.signature))) continue;
    patterns.push({ kind: 'config-edit', steps: [c.signature], examples: [c.example], sessionIds: c.sessionIds, prompt: null, promptExamples: [], score: c.sessionIds.length - 1 });
  }
  return dropOverlapping(patterns.sort((a, b) => b.score - a.score || b.steps.length - a.steps.length)).slice(0, MAX_PATTERNS);
}

interface RepeatedPrompt {
  prompt: string;
  examples: string[];
  sessionIds: string[];
  used?: boolean;
}

function repeatedPrompts(sessions: MinedSession[]): RepeatedPrompt[] {
  const groups = new Map<string, RepeatedPrompt>();
  for (const s of sessions) {
    for (const text of s.prompts) {
      const norm = normalizePrompt(text);
      if (norm.split(' ').filter((w) => !w.startsWith('<')).length < MIN_PROMPT_WORDS || norm.length < MIN_PROMPT_CHARS || norm.length > 2000) continue;
      let g = groups.get(norm);
      if (!g) groups.set(norm, (g = { prompt: norm, examples: [], sessionIds: [] }));
      if (g.sessionIds.includes(s.id)) continue;
      g.sessionIds.push(s.id);
      g.examples.push(text.trim());
    }
  }
  return [...groups.values()].filter((g) => g.sessionIds.length >= 2);
}

function repeatedConfigEdits(sessions: MinedSession[]): Array<{ signature: string; example: string; sessionIds: string[] }> {
  const byFile = new Map<string, { signature: string; example: string; sessionIds: string[] }>();
  for (const s of sessions) {
    for (const step of s.steps) {
      if (!step.specific || !/^(edit|write) /.test(step.signature)) continue;
      const file = step.signature.replace(/^(edit|write) /, '');
      let e = byFile.get(file);
      if (!e) byFile.set(file, (e = { signature: step.signature, example: step.example, sessionIds: [] }));
      if (!e.sessionIds.includes(s.id)) e.sessionIds.push(s.id);
    }
  }
  return [...byFile.values()].filter((e) => e.sessionIds.length >= 2);
}

/** A lower-ranked pattern mostly made of a better one's steps would be a second copy of it. */
function dropOverlapping(patterns: Pattern[]): Pattern[] {
  const kept: Pattern[] = [];
  for (const p of patterns) {
    const dup = kept.some((k) => {
      if (p.prompt && k.prompt === p.prompt) return true;
      if (!p.steps.length) return false;
      const shared = p.steps.filter((s) => k.steps.includes(s)).length;
      return shared * 2 > p.steps.length;
    });
    if (!dup) kept.push(p);
  }
  return kept;
}

function overlap(a: string[], b: string[]): number {
  return a.filter((x) => b.includes(x)).length;
}
