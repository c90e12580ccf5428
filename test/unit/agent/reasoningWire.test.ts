import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, AgentSessionSummary, AgentTranscriptItem, Project, UsageReport } from '../../../contract';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import type { RecordedRequest, ScriptedModel } from '../../helpers/scriptedModel';
import { ok, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

/**
 * Reasoning models on OpenAI-compatible chat completions (Xiaomi MiMo, DeepSeek, Qwen behind
 * vLLM or SGLang) stream their thinking in `delta.reasoning_content` before the answer. Engram
 * shows and stores it as reasoning, never as the answer, and sends it back the way each API
 * wants: MiMo answers 400 when an earlier assistant message with tool calls comes back without
 * its `reasoning_content` (https://platform.xiaomimimo.com/static/docs/usage-guide/passing-back-reasoning_content.md),
 * while DeepSeek's own client drops the reasoning of turns before the latest user message.
 * Real HTTP, real SSE, the real AI SDK clients, the real agent run.
 */
const scripted = useScriptedModel();
const hosts = useHost();

const THINK_1 = 'The user wants the notes. I should read NOTES.md before answering.';
const THINK_2 = 'NOTES.md says 42, so that is the answer.';
const THINK_3 = 'Twice 42 is 84; no tool needed.';

const SCRIPT = [
  { reasoning: THINK_1, text: 'Reading the notes.', toolCalls: [{ name: 'read', arguments: { file_path: 'NOTES.md' } }], usage: { prompt_tokens: 1000, completion_tokens: 40, reasoning_tokens: 25, cache_read: 600 } },
  { reasoning: THINK_2, text: 'The notes say the answer is 42.', usage: { prompt_tokens: 1200, completion_tokens: 30, reasoning_tokens: 15, cache_read: 1000 } },
  { reasoning: THINK_3, text: 'Twice that is 84.', usage: { prompt_tokens: 1300, completion_tokens: 20, reasoning_tokens: 10 } },
];

/** One host per test, with `pricing` in its data folder so cost can be checked to the cent. */
function startHost(env: Record<string, string>) {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ pricing: { input: 2, output: 8, cacheRead: 0.5 } }));
  return hosts.start({ dataDir, env: { ...env, ENGRAM_KEY_STORAGE: 'file' } });
}

async function turn(text: string, sessionId?: string) {
  const host = hosts.current!;
  const root = projectRoot ?? tempDir();
  projectRoot = root;
  fs.writeFileSync(path.join(root, 'NOTES.md'), 'the answer is 42\n');
  const project = await ok<Project>(host, 'projects.open', { path: root });
  const events: AgentEvent[] = [];
  const done = new Promise<Extract<AgentEvent, { type: 'done' }>>((resolve) => {
    const off = host.events.on('agent.event', ({ event }) => {
      events.push(event);
      if (event.type === 'done') {
        off();
        resolve(event);
      }
    });
  });
  const sent = await ok<{ sessionId: string }>(host, 'agent.send', { projectId: project.id, text, sessionId });
  return { done: await done, events, sessionId: sent.sessionId, project };
}
let projectRoot: string | null = null;

const joined = (events: AgentEvent[], type: 'text' | 'reasoning') =>
  events.filter((e) => e.type === type).map((e) => (e as { text: string }).text).join('');

/** The assistant messages of a request as the API received them. */
const assistants = (r: RecordedRequest) => r.body.messages.filter((m) => m.role === 'assistant');

async function twoTurns(model: ScriptedModel) {
  projectRoot = null;
  const first = await turn('What do the notes say?');
  const second = await turn('And twice that?', first.sessionId);
  expect(model.requests).toHaveLength(3);
  return { first, second };
}

describe('reasoning over OpenAI-compatible chat completions', () => {
  it('Xiaomi MiMo: thinking is shown and stored as reasoning, sent back on every assistant message in later requests, and usage and cost are recorded', async () => {
    const model = await scripted.start(SCRIPT);
    // The key from MiMo's own variable, as for the other presets.
    startHost({ ENGRAM_PROVIDER: 'mimo', ENGRAM_BASE_URL: model.baseURL, ENGRAM_MODEL: 'mimo-v2-flash', MIMO_API_KEY: 'mimo-key' });
    const { first, second } = await twoTurns(model);

    expect(model.requests.every((r) => r.format === 'chat' && r.body.model === 'mimo-v2-flash')).toBe(true);
    expect(model.requests[0].headers.authorization).toBe('Bearer mimo-key');

    // Shown as it streams, apart from the answer.
    expect(first.done).toMatchObject({ error: null, text: 'The notes say the answer is 42.' });
    expect(joined(first.events, 'reasoning')).toBe(THINK_1 + THINK_2);
    expect(joined(first.events, 'text')).toBe('Reading the notes.The notes say the answer is 42.');
    // In order, reasoning before its step's text (the window's batching keeps them apart).
    const order = first.events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(order).toEqual(['session', 'reasoning', 'text', 'tool_call', 'tool_result', 'reasoning', 'text', 'done']);
    expect(second.done).toMatchObject({ error: null, text: 'Twice that is 84.' });
    expect(joined(second.events, 'reasoning')).toBe(THINK_3);
    expect(joined(second.events, 'text')).toBe('Twice that is 84.');

    // The tool step: the assistant message with the tool call carries its reasoning_content.
    const [callMsg] = assistants(model.requests[1]);
    expect(callMsg).toMatchObject({ content: 'Reading the notes.', reasoning_content: THINK_1 });
    expect(callMsg.tool_calls?.[0].function.name).toBe('read');

    // The next user turn (read back from the database): every earlier assistant message still
    // carries its own reasoning, the one with tool calls above all (MiMo's 400 otherwise).
    const later = assistants(model.requests[2]);
    expect(later).toHaveLength(2);
    expect(later[0]).toMatchObject({ reasoning_content: THINK_1, tool_calls: [expect.objectContaining({ type: 'function' })] });
    expect(later[1]).toMatchObject({ content: 'The notes say the answer is 42.', reasoning_content: THINK_2 });
    // And the thinking never leaks into what the model is told the answer was.
    for (const m of later) expect(String(m.content ?? '')).not.toContain('NOTES.md says');

    // Stored as reasoning: reopening the session shows it in its own items, in order.
    const host = hosts.current!;
    const opened = await ok<{ session: AgentSessionSummary; items: AgentTranscriptItem[] }>(host, 'sessions.open', { id: first.sessionId });
    expect(opened.items.map((i) => i.kind)).toEqual(['user', 'reasoning', 'assistant', 'tool', 'reasoning', 'assistant', 'user', 'reasoning', 'assistant']);
    expect(opened.items.filter((i) => i.kind === 'reasoning').map((i) => (i as { text: string }).text)).toEqual([THINK_1, THINK_2, THINK_3]);
    for (const i of opened.items) if (i.kind === 'assistant') expect(i.text).not.toMatch(/should read|so that is|no tool needed/);

    // Usage as MiMo reported it (completion tokens include the reasoning tokens), priced.
    expect(opened.session).toMatchObject({ inputTokens: 3500, outputTokens: 90, cacheReadTokens: 1600 });
    // uncached input 1900 × $2 + cache reads 1600 × $0.5 + output 90 × $8, per million tokens.
    const cost = (1900 * 2 + 1600 * 0.5 + 90 * 8) / 1e6;
    expect(opened.session.cost).toBeCloseTo(cost, 10);
    expect(second.done.usage).toMatchObject({ inputTokens: 3500, outputTokens: 90 });
    const report = await ok<UsageReport>(host, 'usage.report', { projectId: first.project.id });
    expect(report.models).toEqual([expect.objectContaining({ provider: 'mimo', model: 'mimo-v2-flash', requests: 3, inputTokens: 3500, outputTokens: 90 })]);
    expect(report.totals.cost).toBeCloseTo(cost, 10);
  });

  it('any OpenAI-compatible endpoint streaming `delta.reasoning` (newer vLLM): the same, sent back as reasoning_content', async () => {
    const model = await scripted.start(SCRIPT.map((r) => ({ ...r, reasoningField: 'reasoning' as const })));
    startHost(model.envFor('openai-compatible', 'Qwen/Qwen3-32B'));
    const { first } = await twoTurns(model);
    expect(joined(first.events, 'reasoning')).toBe(THINK_1 + THINK_2);
    expect(joined(first.events, 'text')).toBe('Reading the notes.The notes say the answer is 42.');
    expect(assistants(model.requests[1])[0]).toMatchObject({ reasoning_content: THINK_1 });
    expect(assistants(model.requests[2]).map((m) => m.reasoning_content)).toEqual([THINK_1, THINK_2]);
  });

  it("DeepSeek through its own client: reasoning goes back within a turn's tool calls and is dropped once a new user message follows, as DeepSeek asks", async () => {
    const model = await scripted.start(SCRIPT);
    startHost(model.envFor('deepseek', 'deepseek-reasoner'));
    const { first } = await twoTurns(model);
    expect(joined(first.events, 'reasoning')).toBe(THINK_1 + THINK_2);
    expect(assistants(model.requests[1])[0]).toMatchObject({ reasoning_content: THINK_1 });
    expect(assistants(model.requests[2]).map((m) => m.reasoning_content)).toEqual([undefined, undefined]);
    const opened = await ok<{ items: AgentTranscriptItem[] }>(hosts.current!, 'sessions.open', { id: first.sessionId });
    expect(opened.items.filter((i) => i.kind === 'reasoning')).toHaveLength(3);
  });

  it("OpenAI's Responses API: the reasoning summary is shown as reasoning, and the next request refers to the reasoning and message items by id, as the SDK's own loop does", async () => {
    const model = await scripted.start(SCRIPT);
    startHost(model.envFor('openai', 'o4-mini'));
    const { first } = await twoTurns(model);
    expect(model.requests.every((r) => r.format === 'responses')).toBe(true);
    expect(joined(first.events, 'reasoning')).toBe(THINK_1 + THINK_2);
    expect(joined(first.events, 'text')).toBe('Reading the notes.The notes say the answer is 42.');
    const input = model.requests[1].body.input as Array<{ type?: string; id?: string; role?: string; call_id?: string }>;
    const after = input.slice(input.findIndex((i) => i.role === 'user') + 1);
    // A reasoning item is never sent without the item that followed it, nor an output without its reasoning.
    expect(after.map((i) => i.type)).toEqual(['item_reference', 'item_reference', 'function_call', 'function_call_output']);
    expect(after.slice(0, 2).map((i) => i.id)).toEqual(['rs_0', 'msg_0']);
    expect(after[2].call_id).toBe('call_0_0');
  });
});
