import { streamText } from 'ai';
import { configurationProblem, loadAgentSettings } from '../../settings/agentSettings';
import { createLanguageModel } from './languageModel';
import { describeModelFailure } from './modelFailure';

/** One-shot text from the configured model: what dream and distill ask of it. */
export interface TextModel {
  generate(prompt: string): Promise<string>;
}

/**
 * The agent's provider (SPEC §6) as a one-shot text model; null when none is configured, which
 * callers treat as the normal case (they fall back to their deterministic passes).
 */
export function textModelFromSettings(dataDir: string, projectRoot: string, env: NodeJS.ProcessEnv): TextModel | null {
  const settings = loadAgentSettings(dataDir, projectRoot, env);
  if (configurationProblem(settings)) return null;
  const model = createLanguageModel(settings);
  return {
    async generate(prompt) {
      // Streamed like the agent's own requests, so every provider the agent works with works here.
      let failure: unknown = null;
      const result = streamText({ model, prompt, maxRetries: 1, onError: ({ error }) => void (failure = error) });
      let text: string;
      try {
        text = await result.text;
      } catch (err) {
        // The stream's own error (a refused connection, an HTTP 401) is the cause; the SDK's
        // NoOutputGeneratedError that `text` rejects with only says that there was one.
        throw new Error(describeModelFailure(failure ?? err), { cause: failure ?? err });
      }
      if (failure) throw new Error(describeModelFailure(failure), { cause: failure });
      return text;
    },
  };
}
