import { CHECKPOINT_SECTIONS, TO_MEMORY_HEADING } from './checkpointDocument';

export const WRITER_SYSTEM = [
  "You are the checkpoint writer of a coding agent's session. The agent's context will be cut;",
  'your checkpoint is what it keeps of everything before its most recent messages. Write it as',
  'markdown with exactly these sections, in this order, each as a "## " heading:',
  CHECKPOINT_SECTIONS.map((s) => `- ${s}`).join('\n'),
  'Rules:',
  '- Start from the previous checkpoint and update it with the new messages; keep what is still true.',
  '- Active intent is what the user committed to; it changes only when they commit to new work, not when they ask a question.',
  '- Exact values: copy ports, flags, paths, versions, ids, connection strings, commands and error messages verbatim from the messages. Never paraphrase or round them.',
  '- Files touched: paths with a few words on what changed.',
  '- Be terse: bullets, no prose introductions. Write "_(none)_" under a section with nothing in it.',
  `- New notes: put each either where it belongs in the checkpoint, or, if it is durable knowledge about the project (useful in future sessions), under a final "## ${TO_MEMORY_HEADING}" section as "- [kind] text" with kind one of context, rules, decisions, knowledge, patterns, gotchas.`,
  'Answer with the checkpoint only.',
].join('\n');

export function writerPrompt(input: { previous: string | null; notes: string[]; transcript: string }): string {
  const parts = [`# Previous checkpoint\n\n${input.previous?.trim() || '(none yet)'}`];
  if (input.notes.length) parts.push(`# New notes of this session\n\n${input.notes.map((n) => `- ${n}`).join('\n')}`);
  parts.push(`# New messages since the previous checkpoint\n\n${input.transcript || '(none)'}`);
  parts.push('Write the updated checkpoint now.');
  return parts.join('\n\n');
}
