import { streamText } from 'ai';
import { configurationProblem, loadAgentSettings } from '../agent/config/agentSettings';
import { createLanguageModel } from '../agent/providers/languageModel';

/** The one thing distill asks of a model: text for a prompt. */
export interface DistillModel {
  generate(prompt: string): Promise<string>;
}

/** The agent's provider (SPEC §6) as distill's model; null without one, which is a normal case. */
export function distillModelFromSettings(dataDir: string, projectRoot: string, env: NodeJS.ProcessEnv): DistillModel | null {
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
