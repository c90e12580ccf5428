import type { ModelMessage } from 'ai';
import type { Database } from '../../db/database';
import { writeTransaction } from '../../db/writeTransaction';
import type { AgentMode, AgentSessionSummary, AgentToolMeta, AgentToolStatus, AgentTranscriptItem } from '../../../contract';
import { newSessionId } from './ids';

interface SessionRow {
  id: string;
  project_path: string;
  parent_id: string | null;
  title: string;
  mode: string;
  system: string;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  cost: number;
  context_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  task_id: string | null;
  created_at: string;
  updated_at: string;
}

interface ToolRow {
  call_id: string;
  tool: string;
  input: string;
  status: string;
  output: string | null;
  meta: string | null;
}

/** What a provider reported for one request; `input` counts cached tokens too. */
export interface RequestUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Dollars, or null when the model's price is not known. */
  cost: number | null;
  provider: string | null;
  model: string | null;
  /** False for a side request (the checkpoint writer): it costs, but is not the session's context. */
  context?: boolean;
}

/** YYYY-MM-DD in the host's time zone: a person's "today". */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export class SessionNotFoundError extends Error {
  constructor(id: string) {
    super(`No session ${id}.`);
  }
}

/** Sessions, their messages and tool calls in engram.db. Every write is one short statement. */
export class SessionStore {
  constructor(private readonly db: Database) {}

  create(input: { projectPath: string; title: string; mode: AgentMode; system: string; model: string | null; parentId?: string | null }): AgentSessionSummary {
    const now = new Date().toISOString();
    const id = newSessionId();
    this.db
      .prepare(
        `INSERT INTO agent_sessions (id, project_path, parent_id, title, mode, system, model, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.projectPath, input.parentId ?? null, input.title, input.mode, input.system, input.model, now, now);
    return this.get(id)!;
  }

  get(id: string): AgentSessionSummary | null {
    const row = this.db.prepare<[string], SessionRow>('SELECT * FROM agent_sessions WHERE id = ?').get(id);
    return row ? toSummary(row) : null;
  }

  require(id: string): AgentSessionSummary {
    const s = this.get(id);
    if (!s) throw new SessionNotFoundError(id);
    return s;
  }

  systemPrompt(id: string): string {
    const row = this.db.prepare<[string], { system: string }>('SELECT system FROM agent_sessions WHERE id = ?').get(id);
    if (!row) throw new SessionNotFoundError(id);
    return row.system;
  }

  /** Top-level sessions of a project, newest first (children show inside their parent). */
  list(projectPath: string, limit = 200): AgentSessionSummary[] {
    return this.db
      .prepare<[string, number], SessionRow>(
        'SELECT * FROM agent_sessions WHERE project_path = ? AND parent_id IS NULL ORDER BY updated_at DESC, id DESC LIMIT ?',
      )
      .all(projectPath, limit)
      .map(toSummary);
  }

  rename(id: string, title: string): AgentSessionSummary {
    const r = this.db.prepare('UPDATE agent_sessions SET title = ?, updated_at = ? WHERE id = ?').run(title, new Date().toISOString(), id);
    if (!r.changes) throw new SessionNotFoundError(id);
    return this.require(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM agent_sessions WHERE id = ?').run(id).changes > 0;
  }

  setMode(id: string, mode: AgentMode): void {
    this.db.prepare('UPDATE agent_sessions SET mode = ? WHERE id = ?').run(mode, id);
  }

  setTask(id: string, taskId: string): void {
    this.db.prepare('UPDATE agent_sessions SET task_id = ? WHERE id = ?').run(taskId, id);
  }

  addMessage(sessionId: string, message: ModelMessage, usage?: { input: number; output: number }): void {
    const now = new Date().toISOString();
    writeTransaction(this.db, () => {
      this.db
        .prepare('INSERT INTO agent_messages (session_id, role, content, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(sessionId, message.role, JSON.stringify(message), usage?.input ?? null, usage?.output ?? null, now);
      this.db.prepare('UPDATE agent_sessions SET updated_at = ? WHERE id = ?').run(now, sessionId);
    });
  }

  messages(sessionId: string): ModelMessage[] {
    return this.db
      .prepare<[string], { content: string }>('SELECT content FROM agent_messages WHERE session_id = ? ORDER BY id')
      .all(sessionId)
      .map((r) => JSON.parse(r.content) as ModelMessage);
  }

  /** Messages with their row ids, from `fromId` on (continuity's watermark and kept tail). */
  messageRows(sessionId: string, fromId = 0): Array<{ id: number; message: ModelMessage }> {
    return this.db
      .prepare<[string, number], { id: number; content: string }>('SELECT id, content FROM agent_messages WHERE session_id = ? AND id >= ? ORDER BY id')
      .all(sessionId, fromId)
      .map((r) => ({ id: r.id, message: JSON.parse(r.content) as ModelMessage }));
  }

  /** One model request's usage: added to the session's totals and kept as a row for the usage view. */
  addUsage(sessionId: string, u: RequestUsage): void {
    const now = new Date();
    writeTransaction(this.db, () => {
      this.db
        .prepare(
          `UPDATE agent_sessions SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cost = cost + ?,
           cache_read_tokens = cache_read_tokens + ?, cache_write_tokens = cache_write_tokens + ?,
           context_tokens = CASE WHEN ? THEN ? ELSE context_tokens END WHERE id = ?`,
        )
        .run(u.input, u.output, u.cost ?? 0, u.cacheRead, u.cacheWrite, u.context === false ? 0 : 1, u.input + u.output, sessionId);
      this.db
        .prepare(
          `INSERT INTO agent_requests (session_id, project_path, provider, model, at, day, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost)
           SELECT id, project_path, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM agent_sessions WHERE id = ?`,
        )
        .run(u.provider, u.model, now.toISOString(), localDay(now), u.input, u.output, u.cacheRead, u.cacheWrite, u.cost, sessionId);
    });
  }

  toolStarted(sessionId: string, callId: string, tool: string, input: unknown): void {
    this.db
      .prepare(
        `INSERT INTO agent_tool_calls (session_id, call_id, tool, input, status, started_at) VALUES (?, ?, ?, ?, 'running', ?)
         ON CONFLICT(session_id, call_id) DO NOTHING`,
      )
      .run(sessionId, callId, tool, typeof input === 'string' ? input : JSON.stringify(input ?? null), new Date().toISOString());
  }

  toolEnded(sessionId: string, callId: string, status: AgentToolStatus, output: string, meta: AgentToolMeta | null): void {
    this.db
      .prepare('UPDATE agent_tool_calls SET status = ?, output = ?, meta = ?, ended_at = ? WHERE session_id = ? AND call_id = ?')
      .run(status, output, meta ? JSON.stringify(meta) : null, new Date().toISOString(), sessionId, callId);
  }

  /** The transcript for the pane: messages with tool calls merged in as cards. */
  transcript(sessionId: string): AgentTranscriptItem[] {
    const calls = new Map(
      this.db
        .prepare<[string], ToolRow>('SELECT call_id, tool, input, status, output, meta FROM agent_tool_calls WHERE session_id = ?')
        .all(sessionId)
        .map((r) => [r.call_id, r]),
    );
    const items: AgentTranscriptItem[] = [];
    for (const m of this.messages(sessionId)) {
      if (m.role === 'user') items.push({ kind: 'user', text: textOf(m.content) });
      if (m.role !== 'assistant') continue;
      if (typeof m.content === 'string') {
        if (m.content) items.push({ kind: 'assistant', text: m.content });
        continue;
      }
      for (const part of m.content) {
        if (part.type === 'reasoning' && part.text) items.push({ kind: 'reasoning', text: part.text });
        if (part.type === 'text' && part.text) items.push({ kind: 'assistant', text: part.text });
        if (part.type !== 'tool-call') continue;
        const row = calls.get(part.toolCallId);
        items.push({
          kind: 'tool',
          id: part.toolCallId,
          tool: part.toolName,
          input: part.input,
          status: (row?.status as AgentToolStatus) ?? 'cancelled',
          output: row?.output ?? null,
          meta: row?.meta ? (JSON.parse(row.meta) as AgentToolMeta) : null,
        });
      }
    }
    return items;
  }
}

function textOf(content: ModelMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function toSummary(r: SessionRow): AgentSessionSummary {
  return {
    id: r.id,
    projectPath: r.project_path,
    parentId: r.parent_id,
    title: r.title,
    mode: r.mode as AgentMode,
    model: r.model,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cost: r.cost,
    cacheReadTokens: r.cache_read_tokens,
    cacheWriteTokens: r.cache_write_tokens,
    contextTokens: r.context_tokens,
    taskId: r.task_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
