import { streamText } from 'ai';
import { configurationProblem, loadAgentSettings } from '../agent/config/agentSettings';
import { createLanguageModel } from '../agent/providers/languageModel';
import type { DreamModel } from './modelPass';

/**
 * The dream's model port over the agent's provider settings (SPEC §6): null when no provider
 * is configured, so a dream without a model is the normal case, not an error.
 */
export function dreamModelFromSettings(dataDir: string, projectRoot: string, env: NodeJS.ProcessEnv): DreamModel | null {
  const settings = loadAgentSettings(dataDir, projectRoot, env);
  if (configurationProblem(settings)) return null;
  const model = createLanguageModel(settings);
  return {
    async generate(prompt) {
      // Streamed like the agent's own requests, so every provider the agent works with works here.
      let failure: unknown = null;
      const result = streamText({ model, prompt, maxRetries: 1, onError: ({ error }) => void (failure = error) });
      const text = await result.text;
      if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
      return text;
    },
  };
}
