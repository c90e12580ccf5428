import type { Database } from '../../db/database';
import { normalizeToolCall, type Step } from './normalizeStep';

/** One session as mining sees it: its steps in order and what people asked in it. */
export interface MinedSession {
  id: string;
  title: string;
  at: string;
  steps: Step[];
  prompts: string[];
}

/** Bounds that keep one distill's reading (and the host's event loop) short. */
const MAX_SESSIONS = 400;
const MAX_CALLS_PER_SESSION = 400;
const MAX_PROMPTS_PER_SESSION = 40;
const SESSIONS_PER_SLICE = 20;

interface CallRow {
  tool: string;
  input: string;
  status: string;
}

/**
 * The project's sessions updated since `since`, newest first, read in slices with a yield in
 * between so a host serving the UI stays responsive. Read-only: mining never writes the DB.
 */
export async function readSessionHistory(db: Database, projectRoot: string, since: Date): Promise<MinedSession[]> {
  const sessions = db
    .prepare<[string, string, number], { id: string; title: string; updated_at: string }>(
      'SELECT id, title, updated_at FROM agent_sessions WHERE project_path = ? AND updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?',
    )
    .all(projectRoot, since.toISOString(), MAX_SESSIONS);
  const calls = db.prepare<[string, number], CallRow>(
    'SELECT tool, input, status FROM agent_tool_calls WHERE session_id = ? ORDER BY started_at, rowid LIMIT ?',
  );
  const prompts = db.prepare<[string, number], { content: string }>(
    "SELECT content FROM agent_messages WHERE session_id = ? AND role = 'user' ORDER BY id LIMIT ?",
  );
  const out: MinedSession[] = [];
  for (let i = 0; i < sessions.length; i++) {
    if (i > 0 && i % SESSIONS_PER_SLICE === 0) await new Promise((r) => setImmediate(r));
    const s = sessions[i];
    const steps: Step[] = [];
    for (const call of calls.all(s.id, MAX_CALLS_PER_SESSION)) {
      // What a person refused or stopped is not work they want repeated.
      if (call.status === 'denied' || call.status === 'refused' || call.status === 'cancelled') continue;
      steps.push(...normalizeToolCall(call.tool, parseInput(call.input), projectRoot));
    }
    const asked = prompts
      .all(s.id, MAX_PROMPTS_PER_SESSION)
      .map((r) => userText(r.content))
      .filter((t) => t.trim().length > 0);
    out.push({ id: s.id, title: s.title, at: s.updated_at, steps, prompts: asked });
  }
  return out;
}

function parseInput(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A stored user message (an AI SDK ModelMessage) as plain text. */
function userText(raw: string): string {
  try {
    const m = JSON.parse(raw) as { content: unknown };
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return m.content.map((p: { type?: string; text?: string }) => (p?.type === 'text' ? (p.text ?? '') : '')).join('');
    }
  } catch {
    // a row that is not JSON carries no prompt
  }
  return '';
}
