import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { embedMany, type EmbeddingModel } from 'ai';
import { createOllama } from 'ollama-ai-provider-v2';
import { explainConnectionFailure, type FailureKind } from '../../agent/providers/connectionFailure';
import { embeddingProblem, type EmbeddingSettings } from '../../settings/embeddingSettings';
import { redactSecret } from '../../settings/secrets/redact';
import { EmbeddingFailure } from './embeddingFailure';

/** Failures where the endpoint did not answer at all (the status says Unreachable, not Failing). */
const UNREACHABLE = new Set<FailureKind>(['refused', 'dns', 'no-route', 'reset', 'timeout']);

/** Longest text sent for one entry: beyond this, models truncate or refuse (OpenAI: 8,191 tokens). */
const MAX_CHARS = 8000;

/**
 * Turns texts into vectors with the chosen embedding model, through the AI SDK's `embedMany`
 * and each provider's maintained package: OpenAI's `/v1/embeddings` (@ai-sdk/openai), Ollama's
 * own `/api/embed` (ollama-ai-provider-v2), LM Studio and any other endpoint speaking
 * `/v1/embeddings` (@ai-sdk/openai-compatible).
 */
export class EmbeddingClient {
  private readonly model: EmbeddingModel;

  constructor(private readonly settings: EmbeddingSettings) {
    const problem = embeddingProblem(settings);
    if (problem) throw new EmbeddingFailure(problem, false);
    this.model = createEmbeddingModel(settings);
  }

  /** Vectors for documents (entries). */
  documents(texts: string[], signal: AbortSignal): Promise<Float32Array[]> {
    return this.embed(texts.map((t) => taskPrefix(this.settings.model, 'document') + t.slice(0, MAX_CHARS)), signal);
  }

  /** The vector of a search query. */
  async query(text: string, signal: AbortSignal): Promise<Float32Array> {
    return (await this.embed([taskPrefix(this.settings.model, 'query') + text.slice(0, MAX_CHARS)], signal))[0];
  }

  private async embed(values: string[], signal: AbortSignal): Promise<Float32Array[]> {
    try {
      const { embeddings } = await embedMany({
        model: this.model,
        values,
        maxRetries: 0, // the worker backs off itself, and a query must not wait on retries
        abortSignal: signal,
        ...(this.settings.dimensions ? { providerOptions: dimensionOptions(this.settings) } : {}),
      });
      if (embeddings.length !== values.length) throw new Error(`asked for ${values.length} vectors, got ${embeddings.length}`);
      return embeddings.map((e) => Float32Array.from(e));
    } catch (err) {
      throw this.failure(err, signal);
    }
  }

  private failure(err: unknown, signal: AbortSignal): EmbeddingFailure {
    const e = err as Error & { cause?: { code?: string } };
    const label = this.settings.model;
    if (signal.aborted || e.name === 'TimeoutError' || e.name === 'AbortError') {
      const why = signal.reason instanceof Error && signal.reason.name === 'TimeoutError' ? 'no answer in time' : 'stopped';
      return new EmbeddingFailure(`${label}: ${why} from ${this.settings.baseURL}.`, why !== 'stopped');
    }
    const why = explainConnectionFailure(err, { provider: this.settings.provider, model: label, baseUrl: this.settings.baseURL });
    const unreachable = UNREACHABLE.has(why.kind) || /fetch failed/i.test(e.message);
    let text = why.message;
    if (this.settings.provider === 'ollama' && why.kind === 'not-found') text += ` Is the model pulled? Run \`ollama pull ${label}\`.`;
    const detail = why.detail && why.detail !== text ? redactSecret(why.detail, this.settings.apiKey) : null;
    return new EmbeddingFailure(redactSecret(text, this.settings.apiKey), unreachable, detail);
  }
}

function createEmbeddingModel(s: EmbeddingSettings): EmbeddingModel {
  const apiKey = s.apiKey ?? undefined;
  const baseURL = s.baseURL!;
  switch (s.provider) {
    case 'openai':
      return createOpenAI({ apiKey, baseURL }).embedding(s.model);
    case 'ollama':
      // The preset's endpoint is Ollama's OpenAI-compatible /v1; its own API is /api beside it.
      return createOllama({ baseURL: baseURL.replace(/\/+$/, '').replace(/\/v1$/, '') + '/api' }).embedding(s.model);
    default:
      return createOpenAICompatible({ name: s.provider, baseURL, apiKey }).embeddingModel(s.model);
  }
}

function dimensionOptions(s: EmbeddingSettings): Record<string, Record<string, number>> {
  const key = s.provider === 'openai' ? 'openai' : s.provider === 'ollama' ? 'ollama' : s.provider;
  return { [key]: { dimensions: s.dimensions! } };
}

/**
 * nomic-embed-text was trained with task prefixes and ranks worse without them (its model
 * card); other models take the text as it is.
 */
function taskPrefix(model: string, task: 'document' | 'query'): string {
  if (!/nomic-embed-text/i.test(model)) return '';
  return task === 'document' ? 'search_document: ' : 'search_query: ';
}
