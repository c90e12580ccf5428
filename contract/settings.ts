/** Settings the window can change: for now the model provider (SPEC §6). */
import { z } from 'zod';
import { projectId } from './shapes';
import type { AgentStatus } from './agent';

/** The model providers Engram speaks to (SPEC §6 `ENGRAM_PROVIDER`). */
export const PROVIDERS = ['openai-compatible', 'anthropic', 'openai'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];

export const settingSchemas = {
  /** Saves a provider into <data-dir>/config.json (e.g. the detected Ollama). */
  'settings.setProvider': z
    .object({
      projectId,
      provider: z.enum(PROVIDERS),
      model: z.string().trim().min(1, 'Enter a model.').max(200),
      baseUrl: z.string().trim().url().max(2000).optional(),
      apiKey: z.string().min(1).max(4000).optional(),
    })
    .strict(),
} satisfies Record<string, z.ZodType>;

export interface SettingResponses {
  'settings.setProvider': AgentStatus;
}
