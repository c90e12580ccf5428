import type http from 'node:http';
import type { ScriptedReply } from '../scriptedModel';
import { splitInto, sseWriter } from './sse';

/**
 * Google Gemini streaming (POST …/models/<id>:streamGenerateContent?alt=sse): candidates whose
 * parts carry text pieces, then functionCall parts (Gemini sends arguments whole), and
 * usageMetadata with cached tokens on the last chunk.
 */
export async function googleStream(res: http.ServerResponse, reply: ScriptedReply): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  const sse = sseWriter(res, reply.cutAfterEvents);
  const usage = reply.usage ?? { prompt_tokens: 100, completion_tokens: 10 };
  const candidate = (parts: object[], finishReason?: string) => ({ candidates: [{ content: { parts, role: 'model' }, index: 0, ...(finishReason ? { finishReason } : {}) }] });
  for (const piece of splitInto(reply.text ?? '', 3)) await sse.data(candidate([{ text: piece }]));
  for (const call of reply.toolCalls ?? []) {
    const args = typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments;
    await sse.data(candidate([{ functionCall: { name: call.name, args } }]));
  }
  await sse.data({
    ...candidate([{ text: '' }], 'STOP'),
    usageMetadata: {
      promptTokenCount: usage.prompt_tokens,
      candidatesTokenCount: usage.completion_tokens,
      totalTokenCount: usage.prompt_tokens + usage.completion_tokens,
      ...(usage.cache_read ? { cachedContentTokenCount: usage.cache_read } : {}),
    },
  });
  res.end();
}
