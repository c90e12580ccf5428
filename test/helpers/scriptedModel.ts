import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, anthropicStream } from './wire/anthropicMessages';
import { responsesStream } from './wire/openaiResponses';
import { googleError, googleStream } from './wire/googleGenerate';
import { splitInto, sseWriter } from './wire/sse';

/**
 * A scripted model server on 127.0.0.1: real HTTP, real SSE, in the wire format of the path the
 * client calls: OpenAI chat completions (`…/chat/completions`, also what OpenAI-compatible
 * servers, OpenRouter, DeepSeek, MiMo, Ollama and LM Studio speak), Anthropic Messages
 * (`…/messages`), OpenAI Responses (`…/responses`) and Google Gemini (`…:streamGenerateContent`). Each request takes the next reply of the
 * script (or asks the function), and every request is recorded for the test to inspect.
 */

export type WireFormat = 'chat' | 'anthropic' | 'responses' | 'google';

export interface ScriptedToolCall {
  name: string;
  /** An object is sent as JSON; a string is sent verbatim (so a test can send broken JSON). */
  arguments: unknown;
  id?: string;
}

export interface ScriptedReply {
  text?: string;
  /**
   * Thinking streamed before the text: in chat format in `delta.reasoning_content` (MiMo,
   * DeepSeek, SGLang, older vLLM) or `delta.reasoning` (newer vLLM) as `reasoningField` says;
   * in the Responses format as a reasoning item's summary.
   */
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Chat format: hold the stream after the reasoning until this settles (a long think). */
  afterReasoning?: Promise<unknown>;
  toolCalls?: ScriptedToolCall[];
  /** An HTTP error instead of a stream (e.g. 429, 500). */
  status?: number;
  headers?: Record<string, string>;
  /** Hold the stream open this long before the first chunk. */
  delayMs?: number;
  /** Hold the stream open until this settles (a test releases it when it has seen what it waits for). */
  waitFor?: Promise<unknown>;
  /** prompt_tokens counts every input token, cached ones included (cache_read / cache_write of them). */
  usage?: { prompt_tokens: number; completion_tokens: number; cache_read?: number; cache_write?: number; reasoning_tokens?: number };
  /** With `status`: the error text repeats the request's Authorization header, as a careless server might. */
  echoAuthorization?: boolean;
  /** Drop the connection after this many stream events: a stream cut in the middle. */
  cutAfterEvents?: number;
  /**
   * With `status`, for Gemini: what Google's error says beyond its code. `API_KEY_INVALID` (the
   * 400 Gemini answers for a wrong key), or a `retryDelay` (e.g. "1s", in the 429's RetryInfo:
   * Gemini sends no retry-after header).
   */
  google?: { reason?: string; retryDelay?: string };
}

export interface RecordedRequest {
  path: string;
  format: WireFormat;
  /** The request's headers (e.g. which key the client sent). */
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    /** Anthropic's and the Responses API's fields, for tests of those formats. */
    [field: string]: unknown;
    stream?: boolean;
    messages: Array<{ role: string; content: unknown; reasoning_content?: string; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
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
  /** The same for another provider preset (anthropic, openai, deepseek…) through its own client. */
  envFor(provider: string, model?: string): Record<string, string>;
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
      const format: WireFormat | null = path.endsWith('/chat/completions') ? 'chat' : path.endsWith('/messages') ? 'anthropic' : path.endsWith('/responses') ? 'responses' : path.endsWith(':streamGenerateContent') ? 'google' : null;
      if (req.method !== 'POST' || !format) {
        res.writeHead(404).end();
        return;
      }
      const request: RecordedRequest = { path, format, headers: req.headers, body: JSON.parse(raw) };
      requests.push(request);
      const index = served++;
      const reply: ScriptedReply =
        typeof script === 'function'
          ? script(request, index)
          : (script[index] ?? { text: `(script exhausted at request ${index + 1})` });
      void respond(res, reply, index, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseURL = `http://127.0.0.1:${port}/v1`;
  return {
    baseURL,
    requests,
    env: { ENGRAM_PROVIDER: 'openai-compatible', ENGRAM_BASE_URL: baseURL, ENGRAM_MODEL: 'scripted', ENGRAM_API_KEY: 'test-key' },
    envFor: (provider, model = 'scripted') => ({ ENGRAM_PROVIDER: provider, ENGRAM_BASE_URL: baseURL, ENGRAM_MODEL: model, ENGRAM_API_KEY: 'test-key' }),
    setScript: (next) => (script = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(res: http.ServerResponse, reply: ScriptedReply, index: number, request: RecordedRequest): Promise<void> {
  if (reply.status && reply.status >= 400) {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    const message = reply.echoAuthorization ? `bad credentials: ${request.headers.authorization ?? request.headers['x-api-key']}` : `scripted ${reply.status}`;
    const body =
      request.format === 'anthropic'
        ? anthropicError(reply.status, message)
        : request.format === 'google'
          ? googleError(reply.status, reply.echoAuthorization ? message : undefined, reply.google)
          : { error: { message, type: 'scripted', code: reply.status } };
    res.end(JSON.stringify(body));
    return;
  }
  if (request.format !== 'chat') {
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.waitFor) await reply.waitFor;
    const model = String(request.body.model ?? 'scripted');
    if (request.format === 'google') return googleStream(res, reply);
    return request.format === 'anthropic' ? anthropicStream(res, reply, index, model) : responsesStream(res, reply, index, model);
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (reply.waitFor) await reply.waitFor;
  const id = `chatcmpl-${index}`;
  const sse = sseWriter(res, reply.cutAfterEvents);
  const chunk = (delta: object, finish: string | null = null) => ({ id, object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] });
  const send = sse.data;

  await send(chunk({ role: 'assistant', content: '' }));
  // Reasoning first, as reasoning models stream it: its own field, content null meanwhile.
  for (const piece of splitInto(reply.reasoning ?? '', 3)) await send(chunk({ content: null, [reply.reasoningField ?? 'reasoning_content']: piece }));
  if (reply.afterReasoning) await reply.afterReasoning;
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
  const { cache_read, cache_write: _write, reasoning_tokens, ...usage } = reply.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
  await send({
    id,
    object: 'chat.completion.chunk',
    created: 0,
    model: 'scripted',
    choices: [],
    usage: {
      ...usage,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      ...(cache_read ? { prompt_tokens_details: { cached_tokens: cache_read } } : {}),
      ...(reasoning_tokens ? { completion_tokens_details: { reasoning_tokens } } : {}),
    },
  });
  await send('[DONE]');
  res.end();
}

/** The text of every message of a recorded request, for "does the model see X" checks. */
export function requestText(request: RecordedRequest): string {
  // The Responses API sends `input` items rather than `messages`.
  if (!request.body.messages) return JSON.stringify(request.body.input ?? '');
  return request.body.messages
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')) + JSON.stringify(m.tool_calls ?? ''))
    .join('\n');
}
