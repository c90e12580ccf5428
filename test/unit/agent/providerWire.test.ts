import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentSessionSummary, AgentTranscriptItem, Project } from '../../../contract';
import { useScriptedModel } from '../../helpers/scriptedModelFixture';
import type { ScriptedModel } from '../../helpers/scriptedModel';
import { ok, sendAndWait, useHost } from '../../helpers/hostFixture';
import { tempDir } from '../../helpers/tempDir';

/**
 * Each provider through its own AI SDK client against a scripted server speaking its wire
 * format over real HTTP: streamed text, a tool call with streamed JSON arguments, the tool's
 * result sent back, usage as the provider reports it.
 */
const scripted = useScriptedModel();
const hosts = useHost();

async function runOnce(model: ScriptedModel, provider: string, text: string, modelId = 'scripted', sessionId?: string) {
  const root = sharedRoot ?? tempDir();
  sharedRoot = root;
  if (!fs.existsSync(path.join(root, 'NOTES.md'))) fs.writeFileSync(path.join(root, 'NOTES.md'), 'the answer is 42\n');
  // One host per test, shared by its runs (a session goes on across them).
  const host = hosts.current ?? hosts.start({ env: { ...model.envFor(provider, modelId), ENGRAM_KEY_STORAGE: 'file' } });
  const project = await ok<Project>(host, 'projects.open', { path: root });
  const run = await sendAndWait(host, { projectId: project.id, text, sessionId });
  return { ...run, project };
}
let sharedRoot: string | null = null;
afterEach(() => {
  sharedRoot = null;
});

const TOOL_RUN = [
  { text: 'Reading the notes.', toolCalls: [{ name: 'read', arguments: { file_path: 'NOTES.md' } }], usage: { prompt_tokens: 1000, completion_tokens: 20, cache_read: 600, cache_write: 100 } },
  { text: 'The notes say the answer is 42.', usage: { prompt_tokens: 1100, completion_tokens: 12, cache_read: 900 } },
];

describe('providers over their real wire formats', () => {
  for (const [provider, format, modelId] of [
    ['anthropic', 'anthropic', 'claude-sonnet-4-20250514'],
    ['openai', 'responses', 'gpt-4.1'],
    ['openai-compatible', 'chat', 'scripted'],
    ['deepseek', 'chat', 'deepseek-chat'],
    ['openrouter', 'chat', 'anthropic/claude-sonnet-4'],
    ['google', 'google', 'gemini-2.5-flash'],
  ] as const) {
    it(`${provider}: streams text, calls a tool (arguments streamed where the format does), gets its result back, and counts usage`, async () => {
      const model = await scripted.start(TOOL_RUN);
      const { done, events, sessionId } = await runOnce(model, provider, 'What do the notes say?', modelId);
      expect(done.error).toBeNull();
      expect(done.text).toBe('The notes say the answer is 42.');
      expect(model.requests.map((r) => r.format)).toEqual([format, format]);
      // Gemini names the model in the path, the others in the body.
      expect(format === 'google' ? model.requests[0].path : model.requests[0].body.model).toContain(modelId);
      const result = events.find((e) => e.type === 'tool_result');
      expect(result).toMatchObject({ tool: 'read', status: 'ok', output: expect.stringContaining('the answer is 42') });
      // The second request carries the tool's result back in the provider's own shape.
      expect(JSON.stringify(model.requests[1].body)).toContain('the answer is 42');
      expect(events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('')).toBe('Reading the notes.The notes say the answer is 42.');
      // Input counts every prompt token the provider reported, cached ones included.
      expect(done.usage).toMatchObject({ inputTokens: 2100, outputTokens: 32 });
      const opened = await ok<{ session: AgentSessionSummary; items: AgentTranscriptItem[] }>(hosts.current!, 'sessions.open', { id: sessionId });
      expect(opened.items.map((i) => i.kind)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    });
  }
});

describe('bad answers are retried or reported, and the session stays consistent', () => {
  it('401: a wrong key is reported in words, not retried, and the session can go on', async () => {
    const model = await scripted.start([{ status: 401 }, { text: 'Now it works.' }]);
    const first = await runOnce(model, 'anthropic', 'hello', 'claude-sonnet-4-20250514');
    expect(first.done.error).toMatch(/^The server at http:\/\/127\.0\.0\.1:\d+ answered 401: it refused the API key\. Check the key in Settings .*\(HTTP 401 from .*\)$/);
    expect(first.done.error).not.toContain('test-key');
    expect(model.requests).toHaveLength(1);
    const second = await runOnce(model, 'anthropic', 'again', 'claude-sonnet-4-20250514', first.sessionId);
    expect(second.done).toMatchObject({ error: null, text: 'Now it works.' });
    const opened = await ok<{ items: AgentTranscriptItem[] }>(hosts.current!, 'sessions.open', { id: first.sessionId });
    expect(opened.items.map((i) => i.kind)).toEqual(['user', 'user', 'assistant']);
  });

  it('a server that echoes the key in its error text: the key reaches no event, message or file', async () => {
    const model = await scripted.start([{ status: 503, echoAuthorization: true }, { status: 400, echoAuthorization: true }]);
    const { done, events } = await runOnce(model, 'openai-compatible', 'hello');
    expect(model.requests[0].headers.authorization).toBe('Bearer test-key');
    expect(JSON.stringify(events)).not.toContain('test-key');
    expect(done.error).toContain('bad credentials: Bearer [key hidden]');
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ message: expect.stringContaining('[key hidden]') });
  });

  it('429 with retry-after, Anthropic 529 overloaded and a 500 are retried, waiting as told', async () => {
    const model = await scripted.start([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 529 },
      { status: 500 },
      { text: 'Answered after three failures.' },
    ]);
    const { done, events } = await runOnce(model, 'anthropic', 'hello', 'claude-sonnet-4-20250514');
    expect(done).toMatchObject({ error: null, text: 'Answered after three failures.' });
    const retries = events.filter((e): e is Extract<AgentEvent, { type: 'retry' }> => e.type === 'retry');
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(retries[0]).toMatchObject({ delayMs: 1000, message: expect.stringContaining('Rate limited') });
    expect(retries[1].message).toContain('overloaded');
  });

  // Where each format's stream is cut: before any text, and after some text was shown.
  for (const [provider, modelId, beforeText, afterText] of [
    ['anthropic', 'claude-sonnet-4-20250514', 1, 4],
    ['google', 'gemini-2.5-flash', 0, 2],
  ] as const) {
    it(`${provider}: a stream cut before any text is retried; one cut after text was shown is reported and the text kept`, async () => {
      const model = await scripted.start([
        { text: 'never seen', cutAfterEvents: beforeText },
        { text: 'Second try worked.' },
        { text: 'This answer is cut in the middle of its stream', cutAfterEvents: afterText },
      ]);
      const first = await runOnce(model, provider, 'one', modelId);
      expect(first.done).toMatchObject({ error: null, text: 'Second try worked.' });
      expect(first.events.some((e) => e.type === 'retry')).toBe(true);
      const second = await runOnce(model, provider, 'two', modelId, first.sessionId);
      expect(second.done.error).toContain('broke in the middle of the answer');
      expect(second.done.text).not.toBe('');
      const opened = await ok<{ items: AgentTranscriptItem[] }>(hosts.current!, 'sessions.open', { id: first.sessionId });
      expect(opened.items.map((i) => i.kind)).toEqual(['user', 'assistant', 'user', 'assistant']);
    });
  }

  it('malformed tool arguments in a streamed tool_use go back to the model as an error, and the run carries on', async () => {
    const model = await scripted.start([
      { toolCalls: [{ name: 'read', arguments: '{"file_path": "NOTES.md"' }] },
      { text: 'I will fix my call.', toolCalls: [{ name: 'read', arguments: { file_path: 'NOTES.md' } }] },
      { text: 'Done.' },
    ]);
    const { done, events } = await runOnce(model, 'anthropic', 'read the notes', 'claude-sonnet-4-20250514');
    expect(done).toMatchObject({ error: null, text: 'Done.' });
    const results = events.filter((e): e is Extract<AgentEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    expect(results.map((r) => r.status)).toEqual(['error', 'ok']);
    expect(JSON.stringify(model.requests[1].body)).toContain('could not be used');
  });
});

describe("Gemini's own error shapes", () => {
  it('a wrong key (Gemini answers 400 INVALID_ARGUMENT, reason API_KEY_INVALID) is reported as a refused key, not retried', async () => {
    const model = await scripted.start([{ status: 400, google: { reason: 'API_KEY_INVALID' } }, { text: 'Now it works.' }]);
    const first = await runOnce(model, 'google', 'hello', 'gemini-2.5-flash');
    expect(first.done.error).toMatch(/^The server at http:\/\/127\.0\.0\.1:\d+ answered 400: it refused the API key\. Check the key in Settings .*\(HTTP 400 from .*API key not valid.*\)$/);
    expect(first.events.some((e) => e.type === 'retry')).toBe(false);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0].headers['x-goog-api-key']).toBe('test-key');
    const second = await runOnce(model, 'google', 'again', 'gemini-2.5-flash', first.sessionId);
    expect(second.done).toMatchObject({ error: null, text: 'Now it works.' });
  });

  it("429 RESOURCE_EXHAUSTED waits the RetryInfo delay Gemini gives (it sends no retry-after header); 503 UNAVAILABLE and 500 INTERNAL are retried", async () => {
    const model = await scripted.start([
      { status: 429, google: { retryDelay: '2s' } },
      { status: 503 },
      { status: 500 },
      { text: 'Answered after three failures.' },
    ]);
    const { done, events } = await runOnce(model, 'google', 'hello', 'gemini-2.5-flash');
    expect(done).toMatchObject({ error: null, text: 'Answered after three failures.' });
    const retries = events.filter((e): e is Extract<AgentEvent, { type: 'retry' }> => e.type === 'retry');
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(retries[0]).toMatchObject({ delayMs: 2000, message: expect.stringContaining('Rate limited') });
    expect(retries[1].message).toContain('The model is overloaded');
  });

  it('a function call whose arguments do not fit the tool goes back to the model as an error, and the run carries on', async () => {
    const model = await scripted.start([
      { toolCalls: [{ name: 'read', arguments: { path: 'NOTES.md' } }] },
      { text: 'I will fix my call.', toolCalls: [{ name: 'read', arguments: { file_path: 'NOTES.md' } }] },
      { text: 'Done.' },
    ]);
    const { done, events } = await runOnce(model, 'google', 'read the notes', 'gemini-2.5-flash');
    expect(done).toMatchObject({ error: null, text: 'Done.' });
    const results = events.filter((e): e is Extract<AgentEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    expect(results.map((r) => r.status)).toEqual(['error', 'ok']);
  });
});
