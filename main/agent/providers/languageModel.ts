import { createAnthropic } from '@ai-sdk/anthropic';
import { createDeepSeek } from '@ai-sdk/deepseek';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import type { LanguageModel } from 'ai';
import { configurationProblem, type AgentSettings } from '../../settings/agentSettings';

/**
 * The AI SDK model for these settings, through each provider's maintained package; MiMo,
 * Ollama, LM Studio and any other endpoint through the OpenAI-compatible one. Throws the
 * configuration problem in words.
 */
export function createLanguageModel(settings: AgentSettings): LanguageModel {
  const problem = configurationProblem(settings);
  if (problem) throw new Error(problem);
  const model = settings.model!;
  const baseURL = settings.baseURL!;
  const apiKey = settings.apiKey ?? undefined;
  switch (settings.provider) {
    case 'anthropic':
      return createAnthropic({ apiKey, baseURL })(model);
    case 'openai':
      // The package's default: the Responses API.
      return createOpenAI({ apiKey, baseURL })(model);
    case 'google':
      return createGoogleGenerativeAI({ apiKey, baseURL })(model);
    case 'deepseek':
      return createDeepSeek({ apiKey, baseURL })(model);
    case 'openrouter':
      return createOpenRouter({ apiKey, baseURL, compatibility: 'strict' }).chat(model) as LanguageModel;
    default:
      return createOpenAICompatible({
        name: settings.provider ?? 'openai-compatible',
        baseURL,
        apiKey,
        // Without this most servers send no usage in a stream, and the meter would stay empty.
        includeUsage: true,
      }).chatModel(model);
  }
}
