import { create } from 'zustand';
import type { AgentEvent, AgentMode, AgentTranscriptItem } from '../../contract';

/** A long session keeps its newest items in view; older ones stay in the database. */
export const MAX_ITEMS = 400;

export interface PendingPermission {
  requestId: string;
  tool: string;
  subject: string | null;
}

export interface AgentPaneState {
  sessionId: string | null;
  items: AgentTranscriptItem[];
  running: boolean;
  mode: AgentMode;
  permission: PendingPermission | null;
  contextTokens: number;
  contextWindow: number;
  error: string | null;
  notice: string | null;
}

const EMPTY: AgentPaneState = {
  sessionId: null,
  items: [],
  running: false,
  mode: 'build',
  permission: null,
  contextTokens: 0,
  contextWindow: 0,
  error: null,
  notice: null,
};

interface AgentStore {
  byProject: Record<string, AgentPaneState>;
  patch(projectId: string, patch: Partial<AgentPaneState>): void;
  /** Shows a session's stored transcript (or a blank new one with null). */
  show(projectId: string, sessionId: string | null, items: AgentTranscriptItem[], usage?: { contextTokens: number; contextWindow: number }): void;
  /** The user's message, shown at once while the host starts the run. */
  userSent(projectId: string, text: string, newSession: boolean): void;
  apply(projectId: string, sessionId: string, event: AgentEvent): void;
  forget(projectId: string): void;
}

export const selectPane = (projectId: string) => (s: AgentStore): AgentPaneState => s.byProject[projectId] ?? EMPTY;

function bounded(items: AgentTranscriptItem[]): AgentTranscriptItem[] {
  return items.length > MAX_ITEMS ? items.slice(items.length - MAX_ITEMS) : items;
}

/** Per-project agent state, keyed by project id; events change only their project's entry. */
export const useAgentStore = create<AgentStore>((set) => {
  const update = (projectId: string, fn: (s: AgentPaneState) => Partial<AgentPaneState>) =>
    set((all) => {
      const current = all.byProject[projectId] ?? EMPTY;
      return { byProject: { ...all.byProject, [projectId]: { ...current, ...fn(current) } } };
    });
  return {
    byProject: {},
    patch: (projectId, patch) => update(projectId, () => patch),
    show: (projectId, sessionId, items, usage) =>
      update(projectId, (s) => ({
        sessionId,
        items: bounded(items),
        error: null,
        notice: null,
        permission: s.running ? s.permission : null,
        contextTokens: usage?.contextTokens ?? 0,
        contextWindow: usage?.contextWindow ?? s.contextWindow,
      })),
    userSent: (projectId, text, newSession) =>
      update(projectId, (s) => ({
        items: bounded([...(newSession ? [] : s.items), { kind: 'user', text }]),
        sessionId: newSession ? null : s.sessionId,
        running: true,
        error: null,
        notice: null,
      })),
    apply: (projectId, sessionId, event) =>
      update(projectId, (s) => {
        if (event.type === 'session') return { sessionId: event.sessionId };
        if (s.sessionId && sessionId && s.sessionId !== sessionId) return {};
        switch (event.type) {
          case 'text':
          case 'reasoning': {
            // Consecutive deltas of one kind grow one item; reasoning and the answer stay apart.
            const kind = event.type === 'text' ? 'assistant' : 'reasoning';
            const last = s.items[s.items.length - 1];
            if (last?.kind === kind) {
              return { items: [...s.items.slice(0, -1), { kind, text: last.text + event.text }], notice: null };
            }
            return { items: bounded([...s.items, { kind, text: event.text }]), notice: null };
          }
          case 'tool_call':
            return {
              items: bounded([...s.items, { kind: 'tool', id: event.id, tool: event.tool, input: event.input, status: 'running', output: null, meta: null }]),
            };
          case 'tool_result':
            return {
              items: s.items.map((i) =>
                i.kind === 'tool' && i.id === event.id ? { ...i, status: event.status, output: event.output, meta: event.meta } : i,
              ),
            };
          case 'permission':
            if (event.decision === 'pending') return { permission: { requestId: event.requestId, tool: event.tool, subject: event.subject } };
            return s.permission?.requestId === event.requestId ? { permission: null } : {};
          case 'retry':
            return { notice: `The provider did not answer (${event.message}); retrying in ${Math.round(event.delayMs / 1000)} s…` };
          case 'checkpoint':
            return event.status === 'failed' ? { notice: `Checkpoint not written: ${event.error ?? 'unknown error'}` } : {};
          case 'rebuild':
            return {
              notice: `Context rebuilt: ${event.contextTokens} → ${event.afterTokens} tokens (checkpoint, memory and the last ${event.keptMessages} messages kept).`,
              contextTokens: event.afterTokens,
            };
          case 'done':
            return {
              running: false,
              permission: null,
              notice: event.cancelled ? 'Stopped.' : null,
              error: event.error,
              contextTokens: event.usage.contextTokens,
              contextWindow: event.usage.contextWindow,
            };
        }
      }),
    forget: (projectId) =>
      set((all) => {
        const next = { ...all.byProject };
        delete next[projectId];
        return { byProject: next };
      }),
  };
});
