import type http from 'node:http';
import type { ScriptedReply } from '../scriptedModel';
import { splitInto, sseWriter } from './sse';

/**
 * OpenAI Responses streaming (POST /v1/responses), what @ai-sdk/openai uses by default:
 * response.created, a reasoning item with summary deltas, a message item with output_text deltas, function_call items whose
 * arguments stream as function_call_arguments deltas, response.completed with usage.
 */
export async function responsesStream(res: http.ServerResponse, reply: ScriptedReply, index: number, model: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  const sse = sseWriter(res, reply.cutAfterEvents);
  const usage = reply.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
  let seq = 0;
  const ev = (type: string, body: object) => sse.event(type, { type, sequence_number: seq++, ...body });
  await ev('response.created', { response: { id: `resp_${index}`, object: 'response', created_at: 1_700_000_000, model, status: 'in_progress', output: [] } });
  let out = 0;
  if (reply.reasoning) {
    // A reasoning item whose summary streams (what o-series and GPT-5 send when asked for one).
    const id = `rs_${index}`;
    const item = { type: 'reasoning', id, encrypted_content: `enc_${index}`, summary: [] };
    await ev('response.output_item.added', { output_index: out, item });
    await ev('response.reasoning_summary_part.added', { item_id: id, output_index: out, summary_index: 0, part: { type: 'summary_text', text: '' } });
    for (const piece of splitInto(reply.reasoning, 3)) {
      await ev('response.reasoning_summary_text.delta', { item_id: id, output_index: out, summary_index: 0, delta: piece });
    }
    await ev('response.reasoning_summary_part.done', { item_id: id, output_index: out, summary_index: 0, part: { type: 'summary_text', text: reply.reasoning } });
    await ev('response.output_item.done', { output_index: out, item: { ...item, summary: [{ type: 'summary_text', text: reply.reasoning }] } });
    out++;
  }
  if (reply.text) {
    const id = `msg_${index}`;
    await ev('response.output_item.added', { output_index: out, item: { type: 'message', id, role: 'assistant', status: 'in_progress', content: [] } });
    for (const piece of splitInto(reply.text, 3)) {
      await ev('response.output_text.delta', { item_id: id, output_index: out, content_index: 0, delta: piece, logprobs: [] });
    }
    await ev('response.output_item.done', {
      output_index: out,
      item: { type: 'message', id, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: reply.text, annotations: [] }] },
    });
    out++;
  }
  const calls = reply.toolCalls ?? [];
  for (let i = 0; i < calls.length; i++, out++) {
    const call = calls[i];
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    const id = `fc_${index}_${i}`;
    const callId = call.id ?? `call_${index}_${i}`;
    await ev('response.output_item.added', { output_index: out, item: { type: 'function_call', id, call_id: callId, name: call.name, arguments: '', status: 'in_progress' } });
    for (const piece of splitInto(args, 3)) await ev('response.function_call_arguments.delta', { item_id: id, output_index: out, delta: piece });
    await ev('response.function_call_arguments.done', { item_id: id, output_index: out, arguments: args });
    await ev('response.output_item.done', { output_index: out, item: { type: 'function_call', id, call_id: callId, name: call.name, arguments: args, status: 'completed' } });
  }
  await ev('response.completed', {
    response: {
      id: `resp_${index}`,
      status: 'completed',
      incomplete_details: null,
      usage: {
        input_tokens: usage.prompt_tokens,
        input_tokens_details: { cached_tokens: usage.cache_read ?? 0 },
        output_tokens: usage.completion_tokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
      },
    },
  });
  res.end();
}
