/**
 * Settings a person changes from the window or `engram config` (SPEC §6): the model provider,
 * its model, key and endpoint, per-model context windows, and MCP servers.
 */
import { z } from 'zod';
import { projectId } from './shapes';
import type { AgentStatus } from './agent';

/**
 * The model providers Engram speaks to (SPEC §6 `ENGRAM_PROVIDER`). `openai-compatible` is any
 * endpoint speaking OpenAI chat completions; `ollama` and `lmstudio` are local servers of that kind.
 */
export const PROVIDERS = ['openai-compatible', 'anthropic', 'openai', 'openrouter', 'google', 'deepseek', 'mimo', 'ollama', 'lmstudio'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];

/** Where API keys are kept: the OS keychain through Electron, the system keyring, or a 0600 file. */
export const KEY_STORAGE_KINDS = ['safeStorage', 'keyring', 'file'] as const;
export type KeyStorageKind = (typeof KEY_STORAGE_KINDS)[number];

/** Where the context window in use came from: the person said it, the bundled catalog, or a guess. */
export const CONTEXT_WINDOW_SOURCES = ['environment', 'settings', 'catalog', 'default'] as const;
export type ContextWindowSource = (typeof CONTEXT_WINDOW_SOURCES)[number];

/**
 * Providers that can turn memory entries into embeddings for semantic search (the optional
 * layer over lexical search, SPEC §6 Embeddings): OpenAI's `/v1/embeddings`, Ollama's own
 * `/api/embed`, LM Studio and any other endpoint speaking OpenAI's `/v1/embeddings`.
 */
export const EMBEDDING_PROVIDERS = ['openai', 'ollama', 'lmstudio', 'openai-compatible'] as const;
export type EmbeddingProviderKind = (typeof EMBEDDING_PROVIDERS)[number];

/** A known embedding model of a provider, offered in Settings (any other id may be typed). */
export interface EmbeddingModelInfo {
  id: string;
  /** Length of its vectors, when known before the first answer. */
  dimensions: number | null;
}

export interface EmbeddingPreset {
  provider: EmbeddingProviderKind;
  label: string;
  defaultBaseUrl: string | null;
  keyRequired: boolean;
  models: EmbeddingModelInfo[];
}

/** The embeddings choice in `<data-dir>/config.json` (`embeddings`); null: off, lexical search only. */
export interface EmbeddingChoice {
  provider: EmbeddingProviderKind;
  model: string;
  /** The endpoint in use (the preset's when none was given). */
  baseUrl: string | null;
}

export interface EmbeddingSettingsState {
  choice: EmbeddingChoice | null;
  /** Why embeddings cannot run with this choice (no key, no Base URL); null when they can. */
  problem: string | null;
  presets: EmbeddingPreset[];
}

/** What the Settings view needs to know of a provider; defaults come from the host. */
export interface ProviderPreset {
  id: ProviderKind;
  label: string;
  /** The endpoint used when Base URL is left empty; null when the person must give one. */
  defaultBaseUrl: string | null;
  keyRequired: boolean;
  /** A server on this machine (Ollama, LM Studio): its models are listed by asking it. */
  local: boolean;
  /** The provider's own key variable, honoured after ENGRAM_API_KEY. */
  keyEnv: string | null;
  /**
   * The model offered to someone connecting this provider for the first time: a current general
   * model of the catalog; null where the models are the person's own (local servers, any endpoint).
   */
  recommendedModel: string | null;
}

/** One model of the bundled catalog (prices in dollars per million tokens). */
export interface CatalogModel {
  id: string;
  name: string;
  contextWindow: number;
  outputLimit: number | null;
  price: { input: number; output: number; cacheRead: number | null; cacheWrite: number | null } | null;
}

export interface ProviderModels {
  provider: ProviderKind;
  /** Models from the bundled catalog, or the ones a local server reported. */
  models: CatalogModel[];
  /** For local servers: whether it answered, and why not. */
  local: { baseUrl: string; reachable: boolean; error: string | null } | null;
}

export interface SettingsState {
  dataDir: string;
  /** `<data-dir>/config.json`: provider, model, endpoint, MCP servers (never a key). */
  configPath: string;
  /** The project's `.engram/config.json`, when a project was named. */
  projectConfigPath: string | null;
  keyStorage: { kind: KeyStorageKind; description: string };
  provider: ProviderKind | null;
  model: string | null;
  baseUrl: string | null;
  /** Providers with a key kept in the key storage (the keys themselves never leave the host). */
  keysSaved: ProviderKind[];
  /** A key from ENGRAM_API_KEY or the provider's variable is in use. */
  keyFromEnvironment: boolean;
  /** The model the project's `.engram/config.json` sets over the user-wide one. */
  projectModel: string | null;
  contextWindow: number;
  contextWindowSource: ContextWindowSource;
  /** Why the agent cannot start with these settings; null when it can. */
  problem: string | null;
  warnings: string[];
  presets: ProviderPreset[];
  catalog: { source: string; date: string; models: number };
  /** Semantic search: off unless a person chose an embedding model. */
  embeddings: EmbeddingSettingsState;
}

const providerField = z.enum(PROVIDERS, { message: `Choose a provider: ${PROVIDERS.join(', ')}.` });
const modelField = z.string().trim().min(1, 'Enter a model.').max(200);
const baseUrlField = z.string().trim().url('Base URL must be a URL such as http://127.0.0.1:11434/v1.').max(2000);
const apiKeyField = z.string().trim().min(1, 'Paste an API key.').max(4000);

export const settingSchemas = {
  /** The settings as they apply (to a project when one is named). */
  'settings.get': z.object({ projectId: projectId.optional() }).strict(),
  /** The models to offer for a provider: the catalog's, or what a local server has installed. */
  'settings.models': z.object({ provider: providerField, baseUrl: baseUrlField.optional() }).strict(),
  /**
   * One tiny request to the model with these values (a key typed but not saved yet, or the one
   * kept). Answers ok:false with a readable reason rather than failing.
   */
  'settings.test': z
    .object({ projectId: projectId.optional(), provider: providerField, model: modelField, baseUrl: baseUrlField.optional(), apiKey: apiKeyField.optional() })
    .strict(),
  /** Saves provider, model and endpoint into config.json and the key into the key storage. */
  'settings.save': z
    .object({
      projectId: projectId.optional(),
      provider: providerField,
      model: modelField,
      baseUrl: baseUrlField.nullable().optional(),
      apiKey: apiKeyField.optional(),
    })
    .strict(),
  /** Removes the kept key of a provider. */
  'settings.forgetKey': z.object({ projectId: projectId.optional(), provider: providerField }).strict(),
  /** The context window of a model the catalog does not know, asked once and kept in config.json. */
  'settings.setContextWindow': z
    .object({ projectId: projectId.optional(), model: modelField, contextWindow: z.number().int().min(1024, 'A context window is at least 1,024 tokens.').max(100_000_000) })
    .strict(),
  /** Saves a provider into <data-dir>/config.json (e.g. the detected Ollama). */
  'settings.setProvider': z
    .object({
      projectId,
      provider: providerField,
      model: modelField,
      baseUrl: baseUrlField.optional(),
      apiKey: apiKeyField.optional(),
    })
    .strict(),
  /**
   * Turns semantic search on with this embedding model (its key: the provider's kept key), or
   * off with `provider: null`. Vectors of another model are dropped and entries embedded again.
   */
  'settings.saveEmbeddings': z
    .object({
      projectId: projectId.optional(),
      provider: z.enum(EMBEDDING_PROVIDERS, { message: `Choose an embeddings provider: ${EMBEDDING_PROVIDERS.join(', ')}.` }).nullable(),
      model: modelField.optional(),
      baseUrl: baseUrlField.nullable().optional(),
      apiKey: apiKeyField.optional(),
    })
    .strict()
    .refine((v) => v.provider === null || Boolean(v.model), { message: 'Enter an embedding model.', path: ['model'] }),
} satisfies Record<string, z.ZodType>;

export interface SettingResponses {
  'settings.get': SettingsState;
  'settings.models': ProviderModels;
  /** `message` leads (what happened, what to do); `detail` keeps the raw reason of a failure. */
  'settings.test': { ok: boolean; message: string; detail: string | null; ms: number };
  'settings.save': SettingsState;
  'settings.forgetKey': SettingsState;
  'settings.setContextWindow': SettingsState;
  'settings.setProvider': AgentStatus;
  'settings.saveEmbeddings': SettingsState;
}

export interface SettingEvents {
  /** Settings were saved (from any window or the CLI of this host). */
  'settings.changed': Record<string, never>;
}
