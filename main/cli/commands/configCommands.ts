import fs from 'node:fs';
import path from 'node:path';
import type { Command, CliContext } from '../command';
import { PROVIDERS, type ProviderKind } from '../../../contract/settings';
import { UsageError } from '../cliErrors';
import { checkProjectFolder } from '../../projects/folderCheck';
import { CONFIG_KEYS, configProblem, projectConfigPath } from '../../settings/agentSettings';
import { defaultSecrets } from '../../settings/secrets/defaultSecrets';
import { apiKeySecret } from '../../settings/secrets/secretStore';
import { refuseKeyField, SettingsService } from '../../settings/settingsService';
import { embeddingChoiceProblem } from '../../settings/embeddingSettings';
import { readUserConfig, updateUserConfig } from '../../settings/userConfig';
import { writeFileAtomic } from '../../fs/atomicWrite';
import { readProjectFile } from '../../paths/projectPath';
import { engramLayout } from '../../../contract/engramLayout';

const service = (ctx: CliContext) => new SettingsService({ dataDir: ctx.dataDir, env: process.env, secrets: defaultSecrets(ctx.dataDir) });

function getPath(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  if (value === undefined) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

/** `true`, `12`, `["a"]` and `{"a":1}` are JSON; anything else is the string as typed. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const scopeOption = { 'project-config': { type: 'boolean' as const } };

export const configListCommand: Command = {
  words: ['config', 'list'],
  synopsis: '',
  summary: 'show the settings in effect for the project, where each file is, and which keys are kept',
  run(ctx) {
    // The project's own config.json (a model override) applies when there is a project folder.
    const root = fs.existsSync(ctx.projectDir) ? ctx.projectDir : null;
    const state = service(ctx).state(root);
    const { presets: _presets, embeddings, ...rest } = state;
    const { presets: _embeddingPresets, ...embeddingChoice } = embeddings;
    const shown = { ...rest, embeddings: embeddingChoice };
    const lines = [
      `provider        ${state.provider ?? '(none)'}`,
      `model           ${state.model ?? '(none)'}${state.projectModel ? `  (from ${state.projectConfigPath})` : ''}`,
      `baseUrl         ${state.baseUrl ?? '(none)'}`,
      `contextWindow   ${state.contextWindow} (${state.contextWindowSource})`,
      `keys saved      ${state.keysSaved.length ? state.keysSaved.join(', ') : '(none)'}${state.keyFromEnvironment ? '; a key from the environment is in use' : ''}`,
      `embeddings      ${state.embeddings.choice ? `${state.embeddings.choice.provider} ${state.embeddings.choice.model} at ${state.embeddings.choice.baseUrl}` : 'off (memory search is lexical)'}${state.embeddings.problem ? `; ${state.embeddings.problem}` : ''}`,
      `config file     ${state.configPath}`,
      state.keyStorage.description,
      ...(state.problem ? [`problem: ${state.problem}`] : []),
      ...state.warnings.map((w) => `warning: ${w}`),
    ];
    ctx.result(shown, lines.join('\n'));
  },
};

export const configGetCommand: Command = {
  words: ['config', 'get'],
  synopsis: 'KEY [--project-config]',
  summary: `print one value of <data-dir>/config.json (or the project's ${engramLayout.configFile}); dotted keys reach inside`,
  options: scopeOption,
  positionals: { min: 1, max: 1, names: 'KEY' },
  run(ctx, values, [key]) {
    const root = values['project-config'] ? checkProjectFolder(ctx.projectDir) : null;
    const file = root ? projectConfigPath(root) : null;
    const config = root && file ? JSON.parse(readProjectFile(root, file) ?? '{}') : readUserConfig(ctx.dataDir);
    const value = getPath(config, key);
    if (value === undefined) throw new Error(`${key} is not set in ${file ?? 'config.json'}`);
    ctx.result({ key, value }, typeof value === 'string' ? value : JSON.stringify(value));
  },
};

/**
 * The values `config set KEY RAW` may mean, in order: RAW read as JSON, for `null` the key
 * removed, and RAW as typed (a model named `4` is text).
 */
function candidateValues(raw: string): unknown[] {
  const parsed = parseValue(raw);
  return [...new Set([parsed, ...(parsed === null ? [undefined] : []), raw])];
}

/**
 * The first of the candidate values that makes a valid config, set in `config`; else a usage
 * error that names the key, what was given and what is allowed. Nothing is written either way.
 */
function settle(config: Record<string, unknown>, key: string, raw: string, problemOf: (config: Record<string, unknown>) => string | null): unknown {
  const top = key.split('.')[0];
  if (!CONFIG_KEYS.includes(top)) {
    throw new UsageError(`${top} is not a setting: use one of ${CONFIG_KEYS.join(', ')} (nothing saved)`);
  }
  let first: string | null = null;
  for (const value of candidateValues(raw)) {
    const trial = structuredClone(config);
    setPath(trial, key, value);
    const problem = problemOf(trial);
    if (!problem) {
      setPath(config, key, value);
      return value;
    }
    first ??= problem;
  }
  throw new UsageError(`${first} (nothing saved)`);
}

const saidSet = (key: string, value: unknown, where: string) => (value === undefined ? `${key} removed${where}` : `${key} = ${JSON.stringify(value)}${where}`);

export const configSetCommand: Command = {
  words: ['config', 'set'],
  synopsis: 'KEY VALUE [--project-config]',
  summary: `set a value in <data-dir>/config.json (or the project's ${engramLayout.configFile}); never a key; null removes it`,
  options: scopeOption,
  positionals: { min: 2, max: 2, names: 'KEY VALUE' },
  run(ctx, values, [key, raw]) {
    for (const part of key.split('.')) refuseKeyField(part);
    if (values['project-config']) {
      // Semantic search is user-wide: one database holds every project's vectors, of one model.
      if (key.split('.')[0] === 'embeddings') throw new UsageError('embeddings are chosen user-wide (without --project-config): one database holds the vectors of every project');
      const root = checkProjectFolder(ctx.projectDir);
      const file = projectConfigPath(root);
      const config = JSON.parse(readProjectFile(root, file) ?? '{}') as Record<string, unknown>;
      const value = settle(config, key, raw, configProblem);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
      ctx.result({ key, value: value ?? null, file }, saidSet(key, value, ` in ${file}`));
      return;
    }
    const value = settle(readUserConfig(ctx.dataDir), key, raw, (c) => configProblem(c) ?? embeddingChoiceProblem(c.embeddings));
    updateUserConfig(ctx.dataDir, (config) => setPath(config, key, value));
    ctx.result({ key, value: value ?? null }, saidSet(key, value, ''));
  },
};

export const configSetKeyCommand: Command = {
  words: ['config', 'set-key'],
  synopsis: 'PROVIDER',
  summary: `keep a provider's API key, read from standard input (${PROVIDERS.join(', ')})`,
  positionals: { min: 1, max: 1, names: 'PROVIDER' },
  async run(ctx, _values, [name]) {
    if (!(PROVIDERS as readonly string[]).includes(name)) throw new UsageError(`unknown provider "${name}": use ${PROVIDERS.join(', ')}`);
    if (process.stdin.isTTY) process.stderr.write(`Paste the ${name} API key and press Enter, then Ctrl+D: `);
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const key = input.trim();
    if (!key) throw new Error('no key on standard input: pipe it in, e.g. `engram config set-key anthropic < key.txt`');
    if (/\s/.test(key)) throw new Error('the key has spaces or several lines in it: give only the key');
    const settings = service(ctx);
    settings.secrets.set(apiKeySecret(name as ProviderKind), key);
    ctx.result({ provider: name as ProviderKind, saved: true, storage: settings.secrets.kind }, `Saved the ${name} key. ${settings.secrets.description}`);
  },
};
