import { generateText } from 'ai';
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
      const result = await generateText({ model, prompt, maxRetries: 1 });
      return result.text;
    },
  };
}
