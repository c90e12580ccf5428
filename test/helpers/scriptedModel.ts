import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted OpenAI-compatible chat-completions server on 127.0.0.1: real HTTP, real SSE with
 * text and tool-call deltas. Each request takes the next reply of the script (or asks the
 * function), and every request body is recorded for the test to inspect.
 */

export interface ScriptedToolCall {
  name: string;
  /** An object is sent as JSON; a string is sent verbatim (so a test can send broken JSON). */
  arguments: unknown;
  id?: string;
}

export interface ScriptedReply {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** An HTTP error instead of a stream (e.g. 429, 500). */
  status?: number;
  headers?: Record<string, string>;
  /** Hold the stream open this long before the first chunk. */
  delayMs?: number;
  /** Hold the stream open until this settles (a test releases it when it has seen what it waits for). */
  waitFor?: Promise<unknown>;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface RecordedRequest {
  path: string;
  /** The request's headers (e.g. which key the client sent). */
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    stream?: boolean;
    messages: Array<{ role: string; content: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
    tools?: Array<{ type: string; function: { name: string; description?: string; parameters: unknown } }>;
  };
}

export type Script = ScriptedReply[] | ((request: RecordedRequest, index: number) => ScriptedReply);

export interface ScriptedModel {
  /** e.g. http://127.0.0.1:PORT/v1 — what ENGRAM_BASE_URL should be. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Env for `engram run` / `engram serve` pointing at this server. */
  env: Record<string, string>;
  /** Replaces the script (the request count carries on). */
  setScript(script: Script): void;
  close(): Promise<void>;
}

export async function startScriptedModel(initial: Script): Promise<ScriptedModel> {
  let script = initial;
  let served = 0;
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const request: RecordedRequest = { path, headers: req.headers, body: JSON.parse(raw) };
      requests.push(request);
      const index = served++;
      const reply: ScriptedReply =
        typeof script === 'function'
          ? script(request, index)
          : (script[index] ?? { text: `(script exhausted at request ${index + 1})` });
      void respond(res, reply, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseURL = `http://127.0.0.1:${port}/v1`;
  return {
    baseURL,
    requests,
    env: { ENGRAM_PROVIDER: 'openai-compatible', ENGRAM_BASE_URL: baseURL, ENGRAM_MODEL: 'scripted', ENGRAM_API_KEY: 'test-key' },
    setScript: (next) => (script = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(res: http.ServerResponse, reply: ScriptedReply, index: number): Promise<void> {
  if (reply.status && reply.status >= 400) {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'scripted', code: reply.status } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (reply.waitFor) await reply.waitFor;
  const id = `chatcmpl-${index}`;
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const send = (s: string) => new Promise<void>((r) => res.write(s, () => r()));

  await send(chunk({ role: 'assistant', content: '' }));
  // Text in a few pieces, so the client sees a real stream of deltas.
  const text = reply.text ?? '';
  for (const piece of splitInto(text, 3)) await send(chunk({ content: piece }));
  const calls = reply.toolCalls ?? [];
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const callId = call.id ?? `call_${index}_${i}`;
    await send(chunk({ tool_calls: [{ index: i, id: callId, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of splitInto(args, 2)) await send(chunk({ tool_calls: [{ index: i, function: { arguments: piece } }] }));
  }
  await send(chunk({}, calls.length ? 'tool_calls' : 'stop'));
  const usage = reply.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
  await send(
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
  );
  await send('data: [DONE]\n\n');
  res.end();
}

function splitInto(s: string, parts: number): string[] {
  if (!s) return [];
  const size = Math.max(1, Math.ceil(s.length / parts));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The text of every message of a recorded request, for "does the model see X" checks. */
export function requestText(request: RecordedRequest): string {
  return request.body.messages
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')) + JSON.stringify(m.tool_calls ?? ''))
    .join('\n');
}
