import fs from 'node:fs';
import path from 'node:path';
import type { LanguageModel } from 'ai';
import { keepConflictCopy, replaceGuarded } from '../../fs/guardedReplace';
import { MEMORY_KINDS } from '../../memory/kinds';
import { tokenCount } from '../../memory/context/tokens';
import { modelStep } from '../loop/modelStep';
import type { MemoryPort } from '../memoryPort';
import type { SessionStore } from '../sessions/sessionStore';
import { notesPath } from '../tools/note';
import { parseWriterAnswer, readCheckpoint, renderCheckpoint, type CheckpointSection } from './checkpointDocument';
import type { ContinuityStore } from './continuityStore';
import { checkpointPath, readNoteItems, readTextOrNull } from './sessionNotes';
import { transcriptText } from './transcriptText';
import { scanSecrets, type SecretFinding } from '../../secrets/secretScanner';
import { WRITER_SYSTEM, writerPrompt } from './writerPrompt';

export interface WriterDeps {
  root: string;
  sessions: SessionStore;
  continuity: ContinuityStore;
  model: LanguageModel;
  memory: MemoryPort;
  /** The writer's own window: its prompt is cut to fit it. */
  usableWindow: number;
  /** Told the writer's request usage, so what a session cost includes its checkpoints. */
  recordUsage?: (usage: { input: number; output: number; cacheRead: number; cacheWrite: number }) => void;
}

export interface WriterOutcome {
  path: string;
  through: number;
  missing: CheckpointSection[];
  promoted: number;
  /** Secrets replaced by `[redacted: <kind>]` before the checkpoint was written. */
  redacted: SecretFinding[];
}

const KINDS = new Set<string>(MEMORY_KINDS);
const MAX_PROMOTED_TEXT = 1_000;

/**
 * One checkpoint: the previous checkpoint, the notes not routed yet and the messages after the
 * watermark (up to `through`) go to the model; its answer is validated and repaired
 * (checkpointDocument.ts) and written atomically, or rejected and nothing is written. Only
 * then do the watermark and the routed notes move on, so a failed writer loses nothing.
 */
export async function writeCheckpoint(deps: WriterDeps, sessionId: string, through: number, signal: AbortSignal): Promise<WriterOutcome> {
  const state = deps.continuity.get(sessionId);
  const file = checkpointPath(deps.root, sessionId);
  const previousText = readTextOrNull(file);
  const previous = previousText ? readCheckpoint(previousText) : null;
  const notes = readNoteItems(notesPath(deps.root, sessionId));
  const newNotes = notes.slice(state.notesRouted);
  const rows = deps.sessions.messageRows(sessionId, state.checkpointThrough + 1).filter((r) => r.id <= through);

  const fixed = tokenCount(WRITER_SYSTEM) + tokenCount(previousText ?? '') + tokenCount(newNotes.join('\n')) + 200;
  const budget = Math.max(1_000, Math.floor(deps.usableWindow * 0.8) - fixed);
  const transcript = transcriptText(rows.map((r) => r.message), budget, Math.max(200, Math.floor(budget / 8)));
  const step = await modelStep({
    model: deps.model,
    system: WRITER_SYSTEM,
    messages: [{ role: 'user', content: writerPrompt({ previous: previousText, notes: newNotes, transcript }) }],
    tools: {},
    signal,
    emit: () => {},
    partial: () => {},
  });
  deps.recordUsage?.(step.usage);
  const parsed = parseWriterAnswer(step.text, previous);
  if (!parsed) throw new Error('the writer did not answer with a checkpoint (fewer than half of the sections); nothing was written');

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { text: rendered, findings: redacted } = scanSecrets(renderCheckpoint(sessionId, parsed.sections, new Date()));
  // A person who edited the checkpoint while the model wrote the next one keeps their version
  // beside it (a conflict copy): the new checkpoint is written, theirs is never dropped.
  const kept = new Set<string>();
  replaceGuarded(file, (current) => {
    const now = current?.toString('utf8') ?? null;
    if (current && now !== previousText && now !== rendered && !kept.has(now!)) {
      kept.add(now!);
      keepConflictCopy(file, current);
    }
    return rendered;
  });
  const promoted = await promoteNotes(deps.memory, sessionId, parsed.toMemory, newNotes.length);
  deps.continuity.checkpointWritten(sessionId, through, notes.length);
  return { path: file, through, missing: parsed.missing, promoted, redacted };
}

/**
 * "To memory" bullets become MEMORY.md entries through the engine (events with the session
 * id). Only as many as there were new notes: the writer routes notes, it does not invent memory.
 */
async function promoteNotes(memory: MemoryPort, sessionId: string, bullets: string[], newNotes: number): Promise<number> {
  let promoted = 0;
  for (const bullet of bullets.slice(0, newNotes)) {
    const m = /^\[?\s*([a-z]+)\s*[\]:]\s*(.+)$/is.exec(bullet);
    if (!m || !KINDS.has(m[1].toLowerCase())) continue;
    const text = m[2].trim();
    if (!text || text.length > MAX_PROMOTED_TEXT) continue;
    try {
      await memory.write(m[1].toLowerCase(), text, sessionId);
      promoted++;
    } catch {
      // Memory unavailable: the note stays in notes.md and the checkpoint; nothing is lost.
    }
  }
  return promoted;
}
