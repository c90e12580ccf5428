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

const GOOGLE_STATUS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  403: ['PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.'],
  404: ['NOT_FOUND', 'models/scripted is not found for API version v1beta, or is not supported for generateContent.'],
  429: ['RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.'],
  500: ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
};

/**
 * Google's error body (google.rpc.Status as JSON): `{"error": {code, message, status, details}}`,
 * with an ErrorInfo reason (API_KEY_INVALID for a wrong key, which Gemini answers with 400, not
 * 401) and a RetryInfo delay (the only place a Gemini 429 says how long to wait).
 */
export function googleError(code: number, message?: string, extra: { reason?: string; retryDelay?: string } = {}): object {
  const [status, text] = GOOGLE_STATUS[code] ?? ['UNKNOWN', `scripted ${code}`];
  const details: object[] = [];
  if (extra.reason === 'API_KEY_INVALID') {
    details.push(
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
    );
  }
  if (extra.retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: extra.retryDelay });
  const said = message ?? (extra.reason === 'API_KEY_INVALID' ? 'API key not valid. Please pass a valid API key.' : text);
  return { error: { code, message: said, status, ...(details.length ? { details } : {}) } };
}
