import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROVIDERS, type ContextWindowSource, type ProviderKind } from '../../contract/settings';
import { lookupModel } from './catalog/modelCatalog';
import { providerPreset } from './providerPresets';
import { keptApiKey, type SecretStore } from './secrets/secretStore';
import type { PermissionRule } from '../agent/permissions/rules';
import { permissionRuleSchema } from '../agent/permissions/rules';
import { defaultOutputReserve } from '../agent/continuity/thresholds';
import { PathOutsideProjectError, readProjectFile } from '../paths/projectPath';
import { engramLayout } from '../../contract/engramLayout';
import { explainIssue } from './settingIssue';


const modelLimitsSchema = z.object({
  contextWindow: z.number().int().positive().optional(),
  outputReserve: z.number().int().min(0).optional(),
});

/** What one layer (a config.json or the environment) may say; every field optional. */
const layerSchema = z
  .object({
    provider: z.enum(PROVIDERS).optional(),
    baseUrl: z.string().optional(),
    baseURL: z.string().optional(),
    model: z.string().optional(),
    apiKey: z.string().optional(),
    contextWindow: z.number().int().positive().optional(),
    /** Tokens kept free for the model's answer; the rest of the window is usable context. */
    outputReserve: z.number().int().min(0).optional(),
    /** Per model id: its window and output reserve, winning over the top-level values of files. */
    models: z.record(z.string(), modelLimitsSchema).optional(),
    /**
     * When the checkpoint writer runs: token counts (numbers) or shares of the usable window
     * ("60%"); the highest is where the context is rebuilt. Absent: the default schedule
     * (continuity/thresholds.ts). `[]` turns checkpoints and rebuilds off.
     */
    checkpoints: z
      .object({
        thresholds: z
          .array(
            z
              .union([z.number().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/)])
              .describe('a token count above 0 or a share of the usable window such as "60%"'),
          )
          .optional(),
      })
      .optional(),
    maxSteps: z.number().int().min(1).max(500).optional(),
    /**
     * Dollars per million tokens, for the cost column. Cache reads and writes have their own
     * price at most providers (MiMo's cache hits cost a fraction of a miss); unset, they cost
     * as input.
     */
    pricing: z
      .object({ input: z.number().min(0), output: z.number().min(0), cacheRead: z.number().min(0).optional(), cacheWrite: z.number().min(0).optional() })
      .optional(),
    permissions: z.array(permissionRuleSchema).optional(),
  })
  .passthrough();
type Layer = z.infer<typeof layerSchema>;

/** Why this object cannot be a config.json (the first problem, in words); null when it can. */
export function configProblem(config: unknown): string | null {
  const parsed = layerSchema.safeParse(config);
  if (parsed.success) return null;
  return explainIssue(layerSchema, config, parsed.error.issues[0]);
}

/** The top-level keys a config.json may hold (`config set` refuses others: a typo would be saved and ignored). */
export const CONFIG_KEYS = [...Object.keys(layerSchema.shape).filter((k) => k !== 'baseURL' && k !== 'apiKey'), 'mcpServers', 'embeddings'];

export interface AgentSettings {
  provider: ProviderKind | null;
  baseURL: string | null;
  model: string | null;
  apiKey: string | null;
  contextWindow: number;
  /** Where the window came from: `default` means nobody knows it yet (the pane asks once). */
  contextWindowSource: ContextWindowSource;
  /** The model's own output limit from the catalog, when known. */
  outputLimit: number | null;
  /** Tokens kept for the answer (defaults to a tenth of the window, at most 16k). */
  outputReserve: number;
  /** Checkpoint thresholds from settings; null means the default schedule. */
  checkpointThresholds: Array<number | string> | null;
  maxSteps: number;
  /** Dollars per million tokens: config.json's `pricing`, else the catalog's. */
  pricing: { input: number; output: number; cacheRead?: number | null; cacheWrite?: number | null } | null;
  /** Where the key in use came from (never the key itself). */
  keySource: 'environment' | 'storage' | 'config' | null;
  /** The model the project's .engram/config.json sets, if any. */
  projectModel: string | null;
  /** A key was found in the project's config.json: refused until it is removed. */
  projectKeyProblem: string | null;
  /** Defaults first, then the data-dir rules, then the project's: last match wins. */
  permissions: PermissionRule[];
  /** Which layers said something, for the settings view and error messages. */
  sources: string[];
  /** Problems with a config file; it is skipped, never half-applied. */
  warnings: string[];
}

export const DEFAULT_CONTEXT_WINDOW = 128_000;
export const DEFAULT_MAX_STEPS = 50;

export function dataConfigPath(dataDir: string): string {
  return path.join(dataDir, 'config.json');
}

export function projectConfigPath(projectRoot: string): string {
  return path.join(projectRoot, engramLayout.configFile);
}

/** Key-like fields a repository config must never hold. */
const KEY_FIELDS = ['apiKey', 'api_key', 'apikey', 'key', 'token', 'secret'];

/**
 * Settings, later winning: defaults → `<data-dir>/config.json` → `<project>/.engram/config.json`
 * → environment (SPEC §6). The key: ENGRAM_API_KEY, then the provider's own variable, then the
 * key storage, then (older setups) `apiKey` in the data folder's config.json. A key in a
 * repository file is refused with a problem the pane shows: keys never live in a repo.
 */
export function loadAgentSettings(dataDir: string, projectRoot: string | null, env: NodeJS.ProcessEnv, secrets?: SecretStore): AgentSettings {
  const warnings: string[] = [];
  let projectKeyProblem: string | null = null;
  let projectModel: string | null = null;
  const sources: string[] = [];
  const layers: Layer[] = [];
  // The data dir is the user's own (a link into their dotfiles is theirs to make); a project's
  // file is read only from inside the project, like every other file a repository supplies.
  const dataLayer = readLayer(dataConfigPath(dataDir), warnings);
  if (dataLayer) {
    if (dataLayer.apiKey) {
      warnings.push(
        `${dataConfigPath(dataDir)} holds an API key in plain text: press Save in Settings (or run \`engram config set-key PROVIDER\`) to move it to the key storage.`,
      );
    }
    layers.push(dataLayer);
    sources.push(dataConfigPath(dataDir));
  }
  if (projectRoot) {
    const projectLayer = readLayer(projectConfigPath(projectRoot), warnings, projectRoot);
    if (projectLayer) {
      const keyField = KEY_FIELDS.find((f) => (projectLayer as Record<string, unknown>)[f] !== undefined);
      if (keyField) {
        // The value is never repeated: the message names the field only.
        projectKeyProblem =
          `${projectConfigPath(projectRoot)} holds "${keyField}": a key never belongs in a repository. ` +
          'Remove it from the file and keep the key in Settings or with `engram config set-key PROVIDER`.';
        for (const f of KEY_FIELDS) delete (projectLayer as Record<string, unknown>)[f];
      }
      projectModel = projectLayer.model ?? null;
      layers.push(projectLayer);
      sources.push(projectConfigPath(projectRoot));
    }
  }
  const envLayer = envToLayer(env, warnings);
  if (Object.keys(envLayer).length) {
    layers.push(envLayer);
    sources.push('environment');
  }

  const merged: Layer = {};
  const rules: PermissionRule[] = [];
  const models: NonNullable<Layer['models']> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined && k !== 'permissions' && k !== 'models') (merged as Record<string, unknown>)[k] = v;
    if (layer.permissions) rules.push(...layer.permissions);
    for (const [id, limits] of Object.entries(layer.models ?? {})) models[id] = { ...models[id], ...limits };
  }
  const provider = merged.provider ?? null;
  // Limits: the environment, then the model's own entry in a config file, then the bundled
  // catalog, then a top-level value of a file (a fallback for models nobody knows).
  const own = merged.model ? models[merged.model] : undefined;
  const known = merged.model ? lookupModel(provider, merged.model) : null;
  let contextWindowSource: ContextWindowSource = 'default';
  let contextWindow = DEFAULT_CONTEXT_WINDOW;
  if (envLayer.contextWindow) [contextWindow, contextWindowSource] = [envLayer.contextWindow, 'environment'];
  else if (own?.contextWindow) [contextWindow, contextWindowSource] = [own.contextWindow, 'settings'];
  else if (known) [contextWindow, contextWindowSource] = [known.contextWindow, 'catalog'];
  else if (merged.contextWindow) [contextWindow, contextWindowSource] = [merged.contextWindow, 'settings'];
  const outputReserve =
    envLayer.outputReserve ??
    own?.outputReserve ??
    merged.outputReserve ??
    Math.min(defaultOutputReserve(contextWindow), known?.outputLimit ?? Number.MAX_SAFE_INTEGER);

  const key = resolveKey(provider, env, secrets, merged.apiKey);
  const pricing = merged.pricing ?? (known?.price ? { ...known.price } : null);
  return {
    provider,
    baseURL: merged.baseURL ?? merged.baseUrl ?? (provider ? providerPreset(provider).defaultBaseUrl : null) ?? null,
    model: merged.model ?? null,
    apiKey: key.value,
    keySource: key.source,
    contextWindow,
    contextWindowSource,
    outputLimit: known?.outputLimit ?? null,
    outputReserve: Math.min(outputReserve, contextWindow),
    checkpointThresholds: merged.checkpoints?.thresholds ?? null,
    maxSteps: merged.maxSteps ?? DEFAULT_MAX_STEPS,
    pricing,
    projectModel,
    projectKeyProblem,
    permissions: rules,
    sources,
    warnings,
  };
}

function resolveKey(
  provider: ProviderKind | null,
  env: NodeJS.ProcessEnv,
  secrets: SecretStore | undefined,
  fromConfig: string | undefined,
): { value: string | null; source: AgentSettings['keySource'] } {
  if (env.ENGRAM_API_KEY) return { value: env.ENGRAM_API_KEY, source: 'environment' };
  const keyEnv = provider ? providerPreset(provider).keyEnv : null;
  if (keyEnv && env[keyEnv]) return { value: env[keyEnv]!, source: 'environment' };
  const kept = provider ? keptApiKey(secrets, provider) : null;
  if (kept) return { value: kept, source: 'storage' };
  if (fromConfig) return { value: fromConfig, source: 'config' };
  return { value: null, source: null };
}

/** Why the agent cannot start with these settings, in words for the pane; null when it can. */
export function configurationProblem(s: AgentSettings): string | null {
  if (s.projectKeyProblem) return s.projectKeyProblem;
  if (!s.provider) return 'No model provider is configured.';
  const preset = providerPreset(s.provider);
  if (!s.model) return `No model is set for ${preset.label}: choose one in Settings (or ENGRAM_MODEL).`;
  if (!s.baseURL) return `${preset.label} needs a Base URL: enter the endpoint in Settings (or ENGRAM_BASE_URL).`;
  if (preset.keyRequired && !s.apiKey) {
    return `${preset.label} needs an API key: paste one in Settings, or run \`engram config set-key ${s.provider}\`${preset.keyEnv ? ` (or set ${preset.keyEnv})` : ''}.`;
  }
  return null;
}

/** How to configure a provider, naming the real data folder. */
export function howToConfigure(dataDir: string): string {
  return (
    'Open Settings (the sidebar button, or "Settings" in the command palette) to choose a provider, paste a key and pick a model. ' +
    `Settings are kept in ${dataConfigPath(dataDir)} and keys in the key storage, never in a repository; ` +
    'ENGRAM_PROVIDER, ENGRAM_MODEL, ENGRAM_BASE_URL and ENGRAM_API_KEY override them.'
  );
}

/** Said wherever a run cannot start for want of a model: in the window and in a terminal alike. */
export const HOW_TO_CONFIGURE =
  'Open Settings to choose a provider, paste a key and pick a model, or from a terminal run `engram config set provider PROVIDER`, ' +
  '`engram config set model MODEL` and `engram config set-key PROVIDER`; or set ENGRAM_PROVIDER, ENGRAM_MODEL, ENGRAM_BASE_URL and ENGRAM_API_KEY.';

function readLayer(file: string, warnings: string[], insideProject?: string): Layer | null {
  let raw: string;
  try {
    if (insideProject) {
      const text = readProjectFile(insideProject, file);
      if (text === null) return null;
      raw = text;
    } else raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof PathOutsideProjectError) warnings.push(`${file}: ${err.message} File ignored.`);
    return null;
  }
  try {
    const value: unknown = JSON.parse(raw);
    const parsed = layerSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    warnings.push(`${file}: ${explainIssue(layerSchema, value, parsed.error.issues[0])}; file ignored.`);
  } catch (err) {
    warnings.push(`${file}: not valid JSON (${(err as Error).message}); file ignored.`);
  }
  return null;
}

function envToLayer(env: NodeJS.ProcessEnv, warnings: string[]): Layer {
  const layer: Layer = {};
  const provider = env.ENGRAM_PROVIDER?.trim();
  if (provider) {
    if ((PROVIDERS as readonly string[]).includes(provider)) layer.provider = provider as ProviderKind;
    else warnings.push(`ENGRAM_PROVIDER=${provider} is not one of ${PROVIDERS.join(', ')}; ignored.`);
  }
  if (env.ENGRAM_BASE_URL) layer.baseURL = env.ENGRAM_BASE_URL.trim();
  if (env.ENGRAM_MODEL) layer.model = env.ENGRAM_MODEL.trim();
  if (env.ENGRAM_API_KEY) layer.apiKey = env.ENGRAM_API_KEY;
  if (env.ENGRAM_CONTEXT_WINDOW) {
    const n = Number(env.ENGRAM_CONTEXT_WINDOW);
    if (Number.isInteger(n) && n > 0) layer.contextWindow = n;
    else warnings.push(`ENGRAM_CONTEXT_WINDOW=${env.ENGRAM_CONTEXT_WINDOW} is not a positive whole number; ignored.`);
  }
  if (env.ENGRAM_OUTPUT_RESERVE) {
    const n = Number(env.ENGRAM_OUTPUT_RESERVE);
    if (Number.isInteger(n) && n >= 0) layer.outputReserve = n;
    else warnings.push(`ENGRAM_OUTPUT_RESERVE=${env.ENGRAM_OUTPUT_RESERVE} is not a whole number; ignored.`);
  }
  return layer;
}
