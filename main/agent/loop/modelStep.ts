import { jsonSchema, streamText, tool as sdkTool, type LanguageModel, type ModelMessage, type ToolSet } from 'ai';
import type { AgentEvent } from '../../../contract';
import type { AgentTool } from '../tools/toolTypes';
import type { ProviderMetadata } from 'ai';
import { StepContent, type StepPart } from './stepContent';
import { abortableSleep, describeError, IdleTimeoutError, isRetryable, MAX_ATTEMPTS, retryDelay } from './retry';

export interface RequestedCall {
  id: string;
  name: string;
  input: unknown;
  /** Why the call cannot run as given (unparsable arguments, unknown tool). */
  invalid: string | null;
  /** The provider's metadata of the call (e.g. Gemini's thought signature), sent back with it. */
  providerMetadata?: ProviderMetadata;
}

export interface StepResult {
  /** The answer's text (every text block joined); never the reasoning. */
  text: string;
  /** Reasoning and text parts in stream order, for the stored assistant message (stepContent.ts). */
  parts: StepPart[];
  calls: RequestedCall[];
  /** As the provider reported it: `input` counts every prompt token, cached ones included. */
  usage: { input: number; output: number; cacheRead: number; cacheWrite: number };
}

/** A stream that sends nothing for this long is dropped and retried. */
const IDLE_TIMEOUT_MS = Number(process.env.ENGRAM_MODEL_IDLE_TIMEOUT_MS) || 120_000;

/**
 * The tools as the AI SDK sees them: schemas only, no `execute`. The loop runs tools itself,
 * because permissions, path checks, loop detection and cancellation happen between the
 * model's request and the work.
 */
export function toolSetFor(tools: AgentTool[]): ToolSet {
  const set: ToolSet = {};
  for (const t of tools) {
    set[t.name] = sdkTool({ description: t.description, inputSchema: (t.jsonSchema ? jsonSchema(t.jsonSchema as never) : t.schema) as never });
  }
  return set;
}

/** What a step had streamed when it was cut short. */
export interface PartialStep {
  text: string;
  parts: StepPart[];
}

/**
 * One model request, streamed: text and reasoning deltas go to `emit` as they come. Retried
 * with backoff on 429/5xx/timeouts/dropped connections as long as nothing of it was shown yet
 * (reasoning counts: a retry would show the thinking twice).
 */
export async function modelStep(input: {
  model: LanguageModel;
  system: string;
  messages: ModelMessage[];
  tools: ToolSet;
  signal: AbortSignal;
  emit: (e: AgentEvent) => void;
  /** Receives what was streamed so far if the step is cut short (cancel), so it is not lost. */
  partial: (step: PartialStep) => void;
}): Promise<StepResult> {
  // The provider's name from its client (`ollama.chat` → ollama): a refused connection to Ollama says how to start it.
  const failure = { provider: typeof input.model === 'string' ? null : input.model.provider.split('.')[0] };
  for (let attempt = 1; ; attempt++) {
    let shown = false;
    try {
      return await attemptStep(input, () => (shown = true));
    } catch (err) {
      if (input.signal.aborted) throw err;
      if (shown || attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw new Error(describeError(err, failure));
      const delayMs = retryDelay(err, attempt);
      input.emit({ type: 'retry', attempt, delayMs, message: describeError(err, failure) });
      await abortableSleep(delayMs, input.signal);
      if (input.signal.aborted) throw err;
    }
  }
}

async function attemptStep(
  input: Parameters<typeof modelStep>[0],
  markShown: () => void,
): Promise<StepResult> {
  const attempt = new AbortController();
  const onAbort = () => attempt.abort(input.signal.reason);
  input.signal.addEventListener('abort', onAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  let timedOut = false;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, IDLE_TIMEOUT_MS);
  };
  let text = '';
  const content = new StepContent();
  const calls: RequestedCall[] = [];
  let usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  try {
    touch();
    const result = streamText({
      model: input.model,
      system: input.system,
      messages: input.messages,
      tools: input.tools,
      abortSignal: attempt.signal,
      maxRetries: 0,
      // Errors arrive as stream parts and are handled below; the default logs to the console.
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      touch();
      switch (part.type) {
        case 'text-start':
        case 'text-end':
          content.touch('text', part.id, part.providerMetadata);
          break;
        case 'text-delta':
          content.delta('text', part.id, part.text, part.providerMetadata);
          if (!part.text) break;
          text += part.text;
          markShown();
          input.emit({ type: 'text', text: part.text });
          break;
        case 'reasoning-start':
        case 'reasoning-end':
          content.touch('reasoning', part.id, part.providerMetadata);
          break;
        case 'reasoning-delta':
          content.delta('reasoning', part.id, part.text, part.providerMetadata);
          if (!part.text) break;
          markShown();
          input.emit({ type: 'reasoning', text: part.text });
          break;
        case 'tool-call':
          calls.push({
            id: part.toolCallId,
            name: part.toolName,
            input: part.input,
            invalid: part.invalid ? invalidReason(part.toolName, part.error) : null,
            ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
          });
          break;
        case 'finish-step':
          usage = {
            input: part.usage.inputTokens ?? 0,
            output: part.usage.outputTokens ?? 0,
            cacheRead: part.usage.inputTokenDetails?.cacheReadTokens ?? part.usage.cachedInputTokens ?? 0,
            cacheWrite: part.usage.inputTokenDetails?.cacheWriteTokens ?? 0,
          };
          break;
        case 'error':
          throw part.error;
        case 'abort':
          if (timedOut) throw new IdleTimeoutError(IDLE_TIMEOUT_MS);
          throw input.signal.reason ?? new Error('cancelled');
      }
    }
    if (timedOut) throw new IdleTimeoutError(IDLE_TIMEOUT_MS);
    return { text, parts: content.parts(), calls, usage };
  } catch (err) {
    if (timedOut && !input.signal.aborted) throw new IdleTimeoutError(IDLE_TIMEOUT_MS);
    input.partial({ text, parts: content.parts() });
    throw err;
  } finally {
    clearTimeout(idle);
    input.signal.removeEventListener('abort', onAbort);
  }
}

function invalidReason(toolName: string, error: unknown): string {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'AI_NoSuchToolError') return `There is no tool named "${toolName}".`;
  const message = (error as Error)?.message ?? String(error);
  return `The arguments for ${toolName} could not be used: ${message.slice(0, 600)}`;
}
