import { beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../contract';
import { MAX_ITEMS, selectPane, useAgentStore } from '../../../renderer/state/agentStore';

const store = () => useAgentStore.getState();
const pane = (projectId: string) => selectPane(projectId)(store());
const usage = { inputTokens: 10, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, contextTokens: 1200, contextWindow: 32000, cost: 0 };
const apply = (projectId: string, sessionId: string, ...events: AgentEvent[]) => {
  for (const e of events) store().apply(projectId, sessionId, e);
};

beforeEach(() => useAgentStore.setState({ byProject: {} }));

describe('the agent store (renderer/state/agentStore)', () => {
  it("keeps a reasoning model's thinking in its own items: deltas of one kind join, the answer never absorbs the thinking", () => {
    store().userSent('p1', 'why?', true);
    apply(
      'p1',
      's1',
      { type: 'session', sessionId: 's1', title: 'why?', mode: 'build', parentId: null },
      { type: 'reasoning', text: 'Check the ' },
      { type: 'reasoning', text: 'file.' },
      { type: 'text', text: 'Reading.' },
      { type: 'tool_call', id: 't1', tool: 'read', input: { file_path: 'a' } },
      { type: 'reasoning', text: 'It says 42.' },
      { type: 'text', text: '42' },
      { type: 'text', text: '.' },
    );
    expect(pane('p1').items).toEqual([
      { kind: 'user', text: 'why?' },
      { kind: 'reasoning', text: 'Check the file.' },
      { kind: 'assistant', text: 'Reading.' },
      { kind: 'tool', id: 't1', tool: 'read', input: { file_path: 'a' }, status: 'running', output: null, meta: null },
      { kind: 'reasoning', text: 'It says 42.' },
      { kind: 'assistant', text: '42.' },
    ]);
  });

  it('builds the transcript from a run: text deltas join, a tool call is completed by its result', () => {
    store().userSent('p1', 'fix it', true);
    expect(pane('p1')).toMatchObject({ running: true, sessionId: null, items: [{ kind: 'user', text: 'fix it' }] });
    apply(
      'p1',
      's1',
      { type: 'session', sessionId: 's1', title: 'fix it', mode: 'build', parentId: null },
      { type: 'text', text: 'Let me ' },
      { type: 'text', text: 'look.' },
      { type: 'tool_call', id: 't1', tool: 'bash', input: { command: 'ls' } },
      { type: 'tool_result', id: 't1', tool: 'bash', status: 'ok', output: 'a.txt', meta: { exitCode: 0 } },
      { type: 'text', text: 'Done.' },
      { type: 'done', sessionId: 's1', usage, cancelled: false, error: null, text: 'Done.' },
    );
    expect(pane('p1')).toMatchObject({
      sessionId: 's1',
      running: false,
      contextTokens: 1200,
      contextWindow: 32000,
      items: [
        { kind: 'user', text: 'fix it' },
        { kind: 'assistant', text: 'Let me look.' },
        { kind: 'tool', id: 't1', status: 'ok', output: 'a.txt', meta: { exitCode: 0 } },
        { kind: 'assistant', text: 'Done.' },
      ],
    });
  });

  it("changes only the event's project, and ignores a stale session's events", () => {
    store().userSent('p1', 'one', true);
    store().userSent('p2', 'two', true);
    apply('p1', 's1', { type: 'session', sessionId: 's1', title: 'one', mode: 'build', parentId: null }, { type: 'text', text: 'for p1' });
    apply('p1', 'old-session', { type: 'text', text: 'late text of a session no longer shown' });
    expect(pane('p1').items.map((i) => i.kind)).toEqual(['user', 'assistant']);
    expect(pane('p2').items).toEqual([{ kind: 'user', text: 'two' }]);
    store().forget('p1');
    expect(pane('p1').items).toEqual([]);
    expect(pane('p2').items).toHaveLength(1);
  });

  it('holds a permission ask until its own answer, and a stop clears it with a notice', () => {
    store().userSent('p1', 'run', true);
    const ask = (requestId: string, decision: 'pending' | 'allow' | 'deny'): AgentEvent => ({ type: 'permission', requestId, tool: 'bash', subject: 'ls', decision, reason: '' });
    apply('p1', 's1', ask('r1', 'pending'));
    expect(pane('p1').permission).toEqual({ requestId: 'r1', tool: 'bash', subject: 'ls' });
    apply('p1', 's1', ask('r0', 'allow'));
    expect(pane('p1').permission?.requestId).toBe('r1');
    apply('p1', 's1', ask('r1', 'deny'));
    expect(pane('p1').permission).toBeNull();
    apply('p1', 's1', ask('r2', 'pending'), { type: 'done', sessionId: 's1', usage, cancelled: true, error: null, text: '' });
    expect(pane('p1')).toMatchObject({ permission: null, running: false, notice: 'Stopped.' });
  });

  it('says what happened: retries, failed checkpoints, rebuilds and errors', () => {
    store().userSent('p1', 'go', true);
    apply('p1', 's1', { type: 'retry', attempt: 1, delayMs: 2000, message: '429' });
    expect(pane('p1').notice).toBe('The provider did not answer (429); retrying in 2 s…');
    apply('p1', 's1', { type: 'checkpoint', sessionId: 's1', status: 'failed', contextTokens: 1, threshold: 1, through: 1, error: 'no model' });
    expect(pane('p1').notice).toBe('Checkpoint not written: no model');
    apply('p1', 's1', { type: 'rebuild', sessionId: 's1', reason: 'threshold', contextTokens: 9000, threshold: 8000, afterTokens: 3000, keptMessages: 4, checkpoint: true });
    expect(pane('p1')).toMatchObject({ contextTokens: 3000, notice: expect.stringContaining('9000 → 3000 tokens') });
    apply('p1', 's1', { type: 'text', text: 'back' });
    expect(pane('p1').notice).toBeNull();
    apply('p1', 's1', { type: 'done', sessionId: 's1', usage, cancelled: false, error: 'Stopped at the step limit', text: '' });
    expect(pane('p1')).toMatchObject({ error: 'Stopped at the step limit', running: false });
  });

  it(`keeps the newest ${MAX_ITEMS} items of a long session, and a new session starts blank`, () => {
    const items = Array.from({ length: MAX_ITEMS + 50 }, (_, i) => ({ kind: 'user' as const, text: `m${i}` }));
    store().show('p1', 's1', items, { contextTokens: 5, contextWindow: 100 });
    expect(pane('p1').items).toHaveLength(MAX_ITEMS);
    expect(pane('p1').items[0]).toEqual({ kind: 'user', text: 'm50' });
    expect(pane('p1')).toMatchObject({ sessionId: 's1', contextTokens: 5, contextWindow: 100 });
    store().userSent('p1', 'same session', false);
    expect(pane('p1').items).toHaveLength(MAX_ITEMS);
    expect(pane('p1').items.at(-1)).toEqual({ kind: 'user', text: 'same session' });
    store().userSent('p1', 'fresh', true);
    expect(pane('p1')).toMatchObject({ sessionId: null, items: [{ kind: 'user', text: 'fresh' }] });
  });

  it('keeps a pending ask when the running session is shown again, and drops it when idle', () => {
    store().userSent('p1', 'run', true);
    apply('p1', 's1', { type: 'permission', requestId: 'r1', tool: 'bash', subject: null, decision: 'pending', reason: '' });
    store().show('p1', 's1', []);
    expect(pane('p1').permission?.requestId).toBe('r1');
    store().patch('p1', { running: false });
    store().show('p1', 's1', []);
    expect(pane('p1').permission).toBeNull();
  });
});
