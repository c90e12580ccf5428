/** SPEC §3: the sections of checkpoint.md, in this order. */
export const CHECKPOINT_SECTIONS = [
  'Active intent',
  'Done',
  'In progress',
  'Next steps',
  'Decisions',
  'Files touched',
  'Open questions',
  'Exact values',
] as const;
export type CheckpointSection = (typeof CHECKPOINT_SECTIONS)[number];

/** The writer may add this after the checkpoint: note items worth keeping in MEMORY.md. */
export const TO_MEMORY_HEADING = 'To memory';

export type CheckpointBody = Record<CheckpointSection, string>;

export interface ParsedWriterAnswer {
  sections: CheckpointBody;
  /** Sections the answer lacked (filled from the previous checkpoint, or left empty). */
  missing: CheckpointSection[];
  /** Bullets of the "To memory" section, as written. */
  toMemory: string[];
}

const BY_KEY = new Map<string, CheckpointSection | typeof TO_MEMORY_HEADING>([
  ...CHECKPOINT_SECTIONS.map((s) => [key(s), s] as const),
  [key(TO_MEMORY_HEADING), TO_MEMORY_HEADING],
]);

function key(title: string): string {
  return title.toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * Reads the writer's final text. Headings are matched loosely (any level, any case, a stray
 * colon or bold); a section the answer lacks keeps the previous checkpoint's content, since
 * the writer only saw the messages after the watermark. An answer with fewer than half the
 * sections is not a checkpoint (a refusal, a chat reply, a truncated stream): null, and the
 * file is left as it was.
 */
export function parseWriterAnswer(text: string, previous: CheckpointBody | null): ParsedWriterAnswer | null {
  const body = stripFence(text);
  const found = new Map<string, string[]>();
  let current: string | null = null;
  let inFence = false;
  for (const line of body.split('\n')) {
    // Inside a code block a "# …" line is content (a shell comment among exact values), kept verbatim.
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence || /^\s{0,3}(```|~~~)/.test(line) ? null : /^\s{0,3}#{1,6}\s+\**\s*([^#*]+?)\s*\**\s*:?\s*#*\s*$/.exec(line);
    const known = heading ? BY_KEY.get(key(heading[1])) : undefined;
    if (known) {
      current = known;
      if (!found.has(known)) found.set(known, []);
      continue;
    }
    // A heading the format does not know stays inside the section it appears in, one level down.
    if (current) found.get(current)!.push(heading ? `### ${heading[1].trim()}` : line);
  }
  const present = CHECKPOINT_SECTIONS.filter((s) => found.has(s));
  if (present.length < Math.ceil(CHECKPOINT_SECTIONS.length / 2)) return null;
  const sections = {} as CheckpointBody;
  const missing: CheckpointSection[] = [];
  for (const s of CHECKPOINT_SECTIONS) {
    const lines = found.get(s);
    if (lines) sections[s] = tidy(lines.join('\n'));
    else {
      missing.push(s);
      sections[s] = previous?.[s] ?? '';
    }
  }
  const toMemory = (found.get(TO_MEMORY_HEADING) ?? [])
    .map((l) => /^\s*[-*]\s+(.*\S)\s*$/.exec(l)?.[1] ?? '')
    .filter(Boolean);
  return { sections, missing, toMemory };
}

/** checkpoint.md as written: a title, then every section in order (empty ones say so). */
export function renderCheckpoint(sessionId: string, sections: CheckpointBody, at: Date): string {
  const parts = [`# Checkpoint of ${sessionId}\n\n_Written ${at.toISOString()}._\n`];
  for (const s of CHECKPOINT_SECTIONS) parts.push(`## ${s}\n${sections[s].trim() || '_(none)_'}\n`);
  return parts.join('\n');
}

/** Reads a checkpoint.md back into sections (for the next writer and for the rebuild). */
export function readCheckpoint(markdown: string): CheckpointBody | null {
  const parsed = parseWriterAnswer(markdown, null);
  if (!parsed) return null;
  for (const s of CHECKPOINT_SECTIONS) if (parsed.sections[s] === '_(none)_') parsed.sections[s] = '';
  return parsed.sections;
}

function stripFence(text: string): string {
  const t = text.trim();
  const m = /^```[a-z]*\n([\s\S]*?)\n```$/i.exec(t);
  return m ? m[1] : t;
}

function tidy(text: string): string {
  return text.replace(/^\s*\n/, '').trimEnd();
}
