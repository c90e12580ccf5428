import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROVIDERS, type ProviderKind } from '../../contract/settings';
import type { PermissionRule } from '../agent/permissions/rules';
import { permissionRuleSchema } from '../agent/permissions/rules';
import { defaultOutputReserve } from '../agent/continuity/thresholds';
import { PathOutsideProjectError, readProjectFile } from '../paths/projectPath';
import { engramLayout } from '../../contract/engramLayout';


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
    checkpoints: z.object({ thresholds: z.array(z.union([z.number().positive(), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/)])).optional() }).optional(),
    maxSteps: z.number().int().min(1).max(500).optional(),
    /** Dollars per million tokens, for the cost column. */
    pricing: z.object({ input: z.number().min(0), output: z.number().min(0) }).optional(),
    permissions: z.array(permissionRuleSchema).optional(),
  })
  .passthrough();
type Layer = z.infer<typeof layerSchema>;

export interface AgentSettings {
  provider: ProviderKind | null;
  baseURL: string | null;
  model: string | null;
  apiKey: string | null;
  contextWindow: number;
  /** Tokens kept for the answer (defaults to a tenth of the window, at most 16k). */
  outputReserve: number;
  /** Checkpoint thresholds from settings; null means the default schedule. */
  checkpointThresholds: Array<number | string> | null;
  maxSteps: number;
  pricing: { input: number; output: number } | null;
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

/**
 * Settings, later winning: defaults → `<data-dir>/config.json` → `<project>/.engram/config.json`
 * → environment (SPEC §6). A key in a repository file is ignored: keys never live in a repo.
 */
export function loadAgentSettings(dataDir: string, projectRoot: string | null, env: NodeJS.ProcessEnv): AgentSettings {
  const warnings: string[] = [];
  const sources: string[] = [];
  const layers: Layer[] = [];
  // The data dir is the user's own (a link into their dotfiles is theirs to make); a project's
  // file is read only from inside the project, like every other file a repository supplies.
  const dataLayer = readLayer(dataConfigPath(dataDir), warnings);
  if (dataLayer) {
    layers.push(dataLayer);
    sources.push(dataConfigPath(dataDir));
  }
  if (projectRoot) {
    const projectLayer = readLayer(projectConfigPath(projectRoot), warnings, projectRoot);
    if (projectLayer) {
      if (projectLayer.apiKey) {
        warnings.push(`${projectConfigPath(projectRoot)}: apiKey ignored; keys never belong in a repository (use ENGRAM_API_KEY or the settings).`);
        delete projectLayer.apiKey;
      }
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
  // A model's own limits win over the files' top-level values; the environment wins over both.
  const own = merged.model ? models[merged.model] : undefined;
  const contextWindow = envLayer.contextWindow ?? own?.contextWindow ?? merged.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  const outputReserve = envLayer.outputReserve ?? own?.outputReserve ?? merged.outputReserve ?? defaultOutputReserve(contextWindow);
  const provider = merged.provider ?? null;
  let apiKey = merged.apiKey ?? null;
  // The provider's own variable is a fallback after ENGRAM_API_KEY.
  if (!env.ENGRAM_API_KEY) {
    if (provider === 'anthropic' && env.ANTHROPIC_API_KEY) apiKey = env.ANTHROPIC_API_KEY;
    else if (provider !== 'anthropic' && env.OPENAI_API_KEY && !apiKey) apiKey = env.OPENAI_API_KEY;
  }
  return {
    provider,
    baseURL: merged.baseURL ?? merged.baseUrl ?? null,
    model: merged.model ?? null,
    apiKey,
    contextWindow,
    outputReserve: Math.min(outputReserve, contextWindow),
    checkpointThresholds: merged.checkpoints?.thresholds ?? null,
    maxSteps: merged.maxSteps ?? DEFAULT_MAX_STEPS,
    pricing: merged.pricing ?? null,
    permissions: rules,
    sources,
    warnings,
  };
}

/** Why the agent cannot start with these settings, in words for the pane; null when it can. */
export function configurationProblem(s: AgentSettings): string | null {
  if (!s.provider) return 'No model provider is configured.';
  if (!s.model) return `No model is set for the ${s.provider} provider (ENGRAM_MODEL or "model" in config.json).`;
  if (s.provider === 'openai-compatible' && !s.baseURL) {
    return 'An OpenAI-compatible provider needs an endpoint (ENGRAM_BASE_URL or "baseUrl" in config.json).';
  }
  if (s.provider !== 'openai-compatible' && !s.apiKey) {
    return `The ${s.provider} provider needs an API key (ENGRAM_API_KEY or ${s.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'}).`;
  }
  return null;
}

export const HOW_TO_CONFIGURE =
  'Set ENGRAM_PROVIDER (openai-compatible, anthropic or openai), ENGRAM_MODEL, and ENGRAM_BASE_URL or ENGRAM_API_KEY, ' +
  'or write them as "provider", "model", "baseUrl" into <data-dir>/config.json. ' +
  'A local Ollama is used with ENGRAM_PROVIDER=openai-compatible ENGRAM_BASE_URL=http://127.0.0.1:11434/v1.';

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
    const parsed = layerSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    warnings.push(`${file}: ${issue.path.join('.')}: ${issue.message}; file ignored.`);
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
