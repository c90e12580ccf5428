import type { ProviderKind, ProviderModels, SettingsState } from '../../contract/settings';
import { PROVIDERS } from '../../contract/settings';
import { probeLocal } from '../agent/providers/localServers';
import { InvalidInputError } from '../errors/domainErrors';
import { configurationProblem, dataConfigPath, loadAgentSettings, projectConfigPath, type AgentSettings } from './agentSettings';
import { CATALOG_INFO, catalogModels } from './catalog/modelCatalog';
import { providerPreset, providerPresets } from './providerPresets';
import { testConnection, type ConnectionTestResult } from './connectionTest';
import { apiKeySecret, keptApiKey, type SecretStore } from './secrets/secretStore';
import { readUserConfig, saveProviderChoice, updateUserConfig } from './userConfig';
import { embeddingSettingsState, loadEmbeddingSettings, saveEmbeddingChoice, type EmbeddingSettings } from './embeddingSettings';
import type { EmbeddingProviderKind } from '../../contract/settings';

export interface ProviderInput {
  provider: ProviderKind;
  model: string;
  baseUrl?: string | null;
  apiKey?: string;
}

const TEST_TIMEOUT_MS = 20_000;

/**
 * The user's settings (SPEC §6): what the Settings view and `engram config` read and change.
 * One writer of `<data-dir>/config.json` and of the key storage; keys go in, never come out
 * (only `agentSettings` hands one to the host's model client).
 */
export class SettingsService {
  constructor(
    private readonly options: {
      dataDir: string;
      env: NodeJS.ProcessEnv;
      secrets: SecretStore;
      /** Told after every save, so windows refresh their status. */
      onChanged?: () => void;
    },
  ) {}

  get secrets(): SecretStore {
    return this.options.secrets;
  }

  /** Settings as a run of this project would use them (user-wide ones without a project). */
  agentSettings(projectRoot: string | null): AgentSettings {
    return loadAgentSettings(this.options.dataDir, projectRoot, this.options.env, this.options.secrets);
  }

  state(projectRoot: string | null): SettingsState {
    const s = this.agentSettings(projectRoot);
    const { secrets, dataDir } = this.options;
    return {
      dataDir,
      configPath: dataConfigPath(dataDir),
      projectConfigPath: projectRoot ? projectConfigPath(projectRoot) : null,
      keyStorage: { kind: secrets.kind, description: secrets.description },
      provider: s.provider,
      model: s.model,
      baseUrl: s.baseURL,
      keysSaved: PROVIDERS.filter((p) => Boolean(secrets.get(apiKeySecret(p)))),
      keyFromEnvironment: s.keySource === 'environment',
      projectModel: s.projectModel,
      contextWindow: s.contextWindow,
      contextWindowSource: s.contextWindowSource,
      problem: configurationProblem(s),
      warnings: s.warnings,
      presets: providerPresets(),
      catalog: CATALOG_INFO,
      embeddings: embeddingSettingsState(this.embeddingSettings(s.warnings)),
    };
  }

  /** The embedding model for semantic search, with its key; null when it is off. */
  embeddingSettings(warnings: string[] = []): EmbeddingSettings | null {
    return loadEmbeddingSettings(this.options.dataDir, this.options.env, this.options.secrets, warnings);
  }

  /**
   * Turns semantic search on with this model (its key, when given, kept for the provider like
   * any key), or off with null.
   */
  saveEmbeddings(input: { provider: EmbeddingProviderKind; model: string; baseUrl?: string | null; apiKey?: string } | null): void {
    if (input?.apiKey) this.options.secrets.set(apiKeySecret(input.provider), input.apiKey);
    saveEmbeddingChoice(this.options.dataDir, input && { provider: input.provider, model: input.model, baseUrl: input.baseUrl });
    this.options.onChanged?.();
  }

  /** The catalog's models of a provider; for Ollama and LM Studio, what the server has installed. */
  async models(provider: ProviderKind, baseUrl?: string): Promise<ProviderModels> {
    const preset = providerPreset(provider);
    if (provider === 'ollama' || provider === 'lmstudio') {
      const probe = await probeLocal(provider, baseUrl ?? preset.defaultBaseUrl!);
      const models = probe.models.map((id) => {
        const known = catalogModels(provider).find((m) => m.id === id);
        return known ?? { id, name: id, contextWindow: 0, outputLimit: null, price: null };
      });
      return { provider, models, local: { baseUrl: probe.baseUrl, reachable: probe.reachable, error: probe.error } };
    }
    // The recommended model first: the list a new person scrolls starts with the sensible choice.
    const recommended = preset.recommendedModel;
    const models = catalogModels(provider).sort((a, b) => Number(b.id === recommended) - Number(a.id === recommended));
    return { provider, models, local: null };
  }

  /**
   * One small request with these values. Never throws for a provider's answer: `ok: false`
   * with the reason, the key never part of it.
   */
  async test(input: ProviderInput, projectRoot: string | null): Promise<ConnectionTestResult> {
    const settings = this.candidate(input, projectRoot);
    const problem = configurationProblem(settings);
    if (problem) return { ok: false, message: problem, detail: null, ms: 0 };
    return testConnection(settings, TEST_TIMEOUT_MS);
  }

  /** Saves the choice: provider, model and endpoint to config.json, the key to the key storage. */
  save(input: ProviderInput): void {
    const { secrets, dataDir } = this.options;
    if (input.apiKey) secrets.set(apiKeySecret(input.provider), input.apiKey);
    // A key an older version kept in config.json moves to the key storage before the file loses it.
    const legacy = readUserConfig(dataDir).apiKey;
    if (typeof legacy === 'string' && legacy && !secrets.get(apiKeySecret(input.provider)) && !input.apiKey) {
      secrets.set(apiKeySecret(input.provider), legacy);
    }
    const preset = providerPreset(input.provider);
    const baseUrl = input.baseUrl && input.baseUrl !== preset.defaultBaseUrl ? input.baseUrl : input.baseUrl === undefined ? undefined : null;
    saveProviderChoice(dataDir, { provider: input.provider, model: input.model, baseUrl });
    this.options.onChanged?.();
  }

  forgetKey(provider: ProviderKind): void {
    this.options.secrets.set(apiKeySecret(provider), null);
    this.options.onChanged?.();
  }

  setContextWindow(model: string, contextWindow: number): void {
    updateUserConfig(this.options.dataDir, (config) => {
      const models = (config.models && typeof config.models === 'object' ? config.models : {}) as Record<string, Record<string, unknown>>;
      models[model] = { ...(models[model] ?? {}), contextWindow };
      config.models = models;
    });
    this.options.onChanged?.();
  }

  private candidate(input: ProviderInput, projectRoot: string | null): AgentSettings {
    const base = this.agentSettings(projectRoot);
    const preset = providerPreset(input.provider);
    const sameProvider = base.provider === input.provider;
    const apiKey =
      input.apiKey ??
      (sameProvider ? base.apiKey : null) ??
      keptApiKey(this.options.secrets, input.provider) ??
      (preset.keyEnv ? (this.options.env[preset.keyEnv] ?? null) : null);
    if (input.baseUrl === undefined && sameProvider && base.baseURL) input = { ...input, baseUrl: base.baseURL };
    return {
      ...base,
      provider: input.provider,
      model: input.model,
      baseURL: input.baseUrl || preset.defaultBaseUrl,
      apiKey,
      projectKeyProblem: null,
    };
  }
}

/** Throws when a value would put a key where keys never go (config.json, a repository file). */
export function refuseKeyField(key: string): void {
  if (/^(apikey|api_key|key|token|secret)$/i.test(key)) {
    throw new InvalidInputError(`"${key}" is never kept in config.json: use \`engram config set-key PROVIDER\` (it reads the key from standard input).`);
  }
}
