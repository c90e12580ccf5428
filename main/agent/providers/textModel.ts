import { streamText } from 'ai';
import { configurationProblem, loadAgentSettings } from '../../settings/agentSettings';
import type { SecretStore } from '../../settings/secrets/secretStore';
import { createLanguageModel } from './languageModel';
import type { Database } from '../../db/database';
import { recordRequest } from '../../usage/requestLog';
import { connectionFailureText } from './connectionFailure';

/** One-shot text from the configured model: what dream and distill ask of it. */
export interface TextModel {
  generate(prompt: string): Promise<string>;
}

/**
 * The agent's provider (SPEC §6) as a one-shot text model; null when none is configured, which
 * callers treat as the normal case (they fall back to their deterministic passes).
 */
export function textModelFromSettings(
  dataDir: string,
  projectRoot: string,
  env: NodeJS.ProcessEnv,
  secrets?: SecretStore,
  /** Where each request's usage is kept (agent_requests), so the project's cost counts it. */
  usageDb?: Database,
): TextModel | null {
  const settings = loadAgentSettings(dataDir, projectRoot, env, secrets);
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
        throw new Error(connectionFailureText(failure ?? err, { provider: settings.provider }), { cause: failure ?? err });
      }
      if (failure) throw new Error(connectionFailureText(failure, { provider: settings.provider }), { cause: failure });
      if (usageDb) {
        const u = await result.usage;
        recordRequest(usageDb, {
          projectPath: projectRoot,
          provider: settings.provider,
          model: settings.model,
          pricing: settings.pricing,
          usage: { input: u.inputTokens ?? 0, output: u.outputTokens ?? 0, cacheRead: u.inputTokenDetails?.cacheReadTokens ?? 0, cacheWrite: u.inputTokenDetails?.cacheWriteTokens ?? 0 },
        });
      }
      return text;
    },
  };
}
