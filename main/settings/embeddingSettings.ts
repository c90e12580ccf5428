import { z } from 'zod';
import {
  EMBEDDING_PROVIDERS,
  type EmbeddingChoice,
  type EmbeddingPreset,
  type EmbeddingProviderKind,
  type EmbeddingSettingsState,
} from '../../contract/settings';
import { providerPreset } from './providerPresets';
import { keptApiKey, type SecretStore } from './secrets/secretStore';
import { readUserConfig, updateUserConfig } from './userConfig';
import { explainIssue } from './settingIssue';

/**
 * The embeddings choice (semantic search over memory, SPEC §6 Embeddings): user-wide only, in
 * `<data-dir>/config.json` under `embeddings`, or the ENGRAM_EMBEDDING_* variables. Absent means
 * off: lexical search alone, exactly as without this layer. A project cannot choose it: one
 * database holds every project's vectors and the user-wide memory's, all of one model.
 */

/** The known models each embedding preset offers (any other id may be typed). */
const PRESETS: Record<EmbeddingProviderKind, Omit<EmbeddingPreset, 'provider' | 'defaultBaseUrl' | 'keyRequired'>> = {
  openai: {
    label: 'OpenAI',
    models: [
      { id: 'text-embedding-3-small', dimensions: 1536 },
      { id: 'text-embedding-3-large', dimensions: 3072 },
    ],
  },
  ollama: {
    label: 'Ollama',
    models: [
      { id: 'nomic-embed-text', dimensions: 768 },
      { id: 'mxbai-embed-large', dimensions: 1024 },
      { id: 'all-minilm', dimensions: 384 },
    ],
  },
  lmstudio: { label: 'LM Studio', models: [{ id: 'text-embedding-nomic-embed-text-v1.5', dimensions: 768 }] },
  'openai-compatible': { label: 'Any OpenAI-compatible endpoint (/v1/embeddings)', models: [] },
};

export function embeddingPresets(): EmbeddingPreset[] {
  return EMBEDDING_PROVIDERS.map((provider) => {
    const chat = providerPreset(provider);
    return { provider, ...PRESETS[provider], defaultBaseUrl: chat.defaultBaseUrl, keyRequired: chat.keyRequired };
  });
}

const choiceSchema = z
  .object({
    provider: z.enum(EMBEDDING_PROVIDERS),
    model: z.string().trim().min(1).describe('a model id such as nomic-embed-text'),
    baseUrl: z.string().trim().url().optional(),
    /** Shorter vectors, for the models that can give them (text-embedding-3-*). */
    dimensions: z.number().int().min(8).max(8192).optional(),
    /** How long a search waits for its query's vector before answering lexically. */
    queryTimeoutMs: z.number().int().min(50).max(60_000).optional(),
  })
  .passthrough();

/** Why this `embeddings` value of config.json would not work, in words; null when it would (or is absent). */
export function embeddingChoiceProblem(value: unknown): string | null {
  if (value === undefined || value === null || value === false) return null;
  const parsed = choiceSchema.safeParse(value);
  if (parsed.success) return null;
  return explainIssue(choiceSchema, value, parsed.error.issues[0], ['embeddings']);
}

export interface EmbeddingSettings {
  provider: EmbeddingProviderKind;
  model: string;
  baseURL: string | null;
  apiKey: string | null;
  dimensions: number | null;
  queryTimeoutMs: number;
  /** Vectors are kept per model: this names the one in use (provider, model, dimensions). */
  modelKey: string;
}

/** A search waits this long for its query's vector, then answers lexically. */
export const DEFAULT_QUERY_TIMEOUT_MS = 1500;

/**
 * The embedding model in use, or null when semantic search is off. A broken `embeddings`
 * field is reported in `warnings` and treated as off, never half-applied.
 */
export function loadEmbeddingSettings(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  secrets: SecretStore | undefined,
  warnings: string[] = [],
): EmbeddingSettings | null {
  let raw: unknown;
  try {
    raw = readUserConfig(dataDir).embeddings;
  } catch {
    raw = undefined; // the agent's settings already report an unreadable config.json
  }
  if (env.ENGRAM_EMBEDDING_PROVIDER !== undefined) {
    const provider = env.ENGRAM_EMBEDDING_PROVIDER.trim();
    raw =
      provider === '' || provider === 'off'
        ? null
        : { ...(raw && typeof raw === 'object' ? raw : {}), provider, ...(env.ENGRAM_EMBEDDING_MODEL ? { model: env.ENGRAM_EMBEDDING_MODEL } : {}) };
  }
  if (raw && typeof raw === 'object' && env.ENGRAM_EMBEDDING_BASE_URL) raw = { ...raw, baseUrl: env.ENGRAM_EMBEDDING_BASE_URL.trim() };
  if (raw === undefined || raw === null || raw === false) return null;
  const parsed = choiceSchema.safeParse(raw);
  if (!parsed.success) {
    warnings.push(`${explainIssue(choiceSchema, raw, parsed.error.issues[0], ['embeddings'])}; semantic search is off until it is fixed.`);
    return null;
  }
  const c = parsed.data;
  const preset = providerPreset(c.provider);
  return {
    provider: c.provider,
    model: c.model,
    baseURL: c.baseUrl ?? preset.defaultBaseUrl,
    apiKey: embeddingKey(c.provider, env, secrets),
    dimensions: c.dimensions ?? null,
    queryTimeoutMs: c.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    modelKey: `${c.provider}/${c.model}${c.dimensions ? `#${c.dimensions}` : ''}`,
  };
}

/** ENGRAM_EMBEDDING_API_KEY, the provider's own variable, then the key kept for that provider. */
function embeddingKey(provider: EmbeddingProviderKind, env: NodeJS.ProcessEnv, secrets: SecretStore | undefined): string | null {
  if (env.ENGRAM_EMBEDDING_API_KEY) return env.ENGRAM_EMBEDDING_API_KEY;
  const keyEnv = providerPreset(provider).keyEnv;
  if (keyEnv && env[keyEnv]) return env[keyEnv]!;
  return keptApiKey(secrets, provider);
}

/** Why embeddings cannot run with these settings, in words; null when they can. */
export function embeddingProblem(s: EmbeddingSettings | null): string | null {
  if (!s) return null;
  const preset = providerPreset(s.provider);
  if (!s.baseURL) return `Embeddings through ${preset.label} need a Base URL.`;
  if (preset.keyRequired && !s.apiKey) {
    return `Embeddings through ${preset.label} need its API key: save one in Settings or run \`engram config set-key ${s.provider}\`${preset.keyEnv ? ` (or set ${preset.keyEnv})` : ''}.`;
  }
  return null;
}

export function embeddingSettingsState(s: EmbeddingSettings | null): EmbeddingSettingsState {
  const choice: EmbeddingChoice | null = s ? { provider: s.provider, model: s.model, baseUrl: s.baseURL } : null;
  return { choice, problem: embeddingProblem(s), presets: embeddingPresets() };
}

/** Saves the choice into config.json (null: off). Every other field of the file is kept. */
export function saveEmbeddingChoice(dataDir: string, choice: { provider: EmbeddingProviderKind; model: string; baseUrl?: string | null } | null): void {
  updateUserConfig(dataDir, (config) => {
    if (!choice) {
      delete config.embeddings;
      return;
    }
    const before = (config.embeddings && typeof config.embeddings === 'object' ? config.embeddings : {}) as Record<string, unknown>;
    const next: Record<string, unknown> = { ...before, provider: choice.provider, model: choice.model };
    // Dimensions belong to one model: a new model starts from its own.
    if (before.model !== choice.model || before.provider !== choice.provider) delete next.dimensions;
    const preset = providerPreset(choice.provider);
    if (choice.baseUrl && choice.baseUrl !== preset.defaultBaseUrl) next.baseUrl = choice.baseUrl;
    else if (choice.baseUrl !== undefined || before.provider !== choice.provider) delete next.baseUrl;
    config.embeddings = next;
  });
}
