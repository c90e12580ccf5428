import type http from 'node:http';
import type { ScriptedReply } from '../scriptedModel';
import { splitInto, sseWriter } from './sse';

/**
 * Anthropic Messages streaming (POST /v1/messages): message_start with input and cache usage,
 * a text block in deltas, tool_use blocks whose JSON arguments arrive as input_json_delta
 * pieces, message_delta with the stop reason and output tokens, message_stop.
 */
export async function anthropicStream(res: http.ServerResponse, reply: ScriptedReply, index: number, model: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${index}`, ...reply.headers });
  const sse = sseWriter(res, reply.cutAfterEvents);
  const usage = reply.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
  await sse.event('message_start', {
    type: 'message_start',
    message: {
      id: `msg_${index}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // Anthropic counts cached tokens apart from input_tokens.
      usage: {
        input_tokens: usage.prompt_tokens - (usage.cache_read ?? 0) - (usage.cache_write ?? 0),
        cache_read_input_tokens: usage.cache_read ?? 0,
        cache_creation_input_tokens: usage.cache_write ?? 0,
        output_tokens: 1,
      },
    },
  });
  let block = 0;
  if (reply.text) {
    await sse.event('content_block_start', { type: 'content_block_start', index: block, content_block: { type: 'text', text: '' } });
    for (const piece of splitInto(reply.text, 3)) {
      await sse.event('content_block_delta', { type: 'content_block_delta', index: block, delta: { type: 'text_delta', text: piece } });
    }
    await sse.event('content_block_stop', { type: 'content_block_stop', index: block });
    block++;
  }
  const calls = reply.toolCalls ?? [];
  for (let i = 0; i < calls.length; i++, block++) {
    const call = calls[i];
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    await sse.event('content_block_start', {
      type: 'content_block_start',
      index: block,
      content_block: { type: 'tool_use', id: call.id ?? `toolu_${index}_${i}`, name: call.name, input: {} },
    });
    for (const piece of splitInto(args, 3)) {
      await sse.event('content_block_delta', { type: 'content_block_delta', index: block, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    await sse.event('content_block_stop', { type: 'content_block_stop', index: block });
  }
  await sse.event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: calls.length ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: usage.completion_tokens },
  });
  await sse.event('message_stop', { type: 'message_stop' });
  res.end();
}

/** Anthropic's error body: 401 authentication_error, 429 rate_limit_error, 529 overloaded_error… */
export function anthropicError(status: number, message?: string): object {
  const type =
    status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  return { type: 'error', error: { type, message: message ?? (status === 529 ? 'Overloaded' : `scripted ${status}`) } };
}
