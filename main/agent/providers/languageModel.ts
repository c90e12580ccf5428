import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { configurationProblem, type AgentSettings } from '../../settings/agentSettings';

/** The AI SDK model for these settings; throws the configuration problem in words. */
export function createLanguageModel(settings: AgentSettings): LanguageModel {
  const problem = configurationProblem(settings);
  if (problem) throw new Error(problem);
  const model = settings.model!;
  switch (settings.provider) {
    case 'anthropic':
      return createAnthropic({ apiKey: settings.apiKey!, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}) })(model);
    case 'openai':
      return createOpenAI({ apiKey: settings.apiKey!, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}) }).chat(model);
    default:
      return createOpenAICompatible({
        name: 'engram',
        baseURL: settings.baseURL!,
        apiKey: settings.apiKey ?? undefined,
        // Without this most servers send no usage in a stream, and the meter would stay empty.
        includeUsage: true,
      }).chatModel(model);
  }
}
