import fs from 'node:fs';
import { InvalidInputError } from '../errors/domainErrors';
import { replaceGuarded } from '../fs/guardedReplace';
import type { ProviderKind } from '../../contract/settings';
import { dataConfigPath } from './agentSettings';

export interface ProviderChoice {
  provider: ProviderKind;
  model: string;
  /** A string sets it, null clears it (the preset's endpoint applies), undefined leaves it. */
  baseUrl?: string | null;
}

/**
 * Changes `<data-dir>/config.json` in place, keeping every key a person or another part of
 * Engram put there. A file that is not a JSON object is left alone and reported.
 */
export function updateUserConfig(dataDir: string, change: (config: Record<string, unknown>) => void): Record<string, unknown> {
  const file = dataConfigPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  let written: Record<string, unknown> = {};
  // Planned on the bytes there at the swap: a key a person saved meanwhile is kept. It holds API
  // keys: the replaced version is not kept beside it (nobody appends to JSON with >>).
  replaceGuarded(file, (bytes) => {
    const current = parseConfig(file, bytes);
    change(current);
    written = current;
    return JSON.stringify(current, null, 2) + '\n';
  }, { keepPrevious: false });
  return written;
}

export function readUserConfig(dataDir: string): Record<string, unknown> {
  const file = dataConfigPath(dataDir);
  let bytes: Buffer | null = null;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    bytes = null;
  }
  return parseConfig(file, bytes);
}

function parseConfig(file: string, bytes: Buffer | null): Record<string, unknown> {
  if (bytes === null) return {};
  try {
    const parsed = JSON.parse(bytes.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    throw new Error('not an object');
  } catch (err) {
    throw new InvalidInputError(`${file} is not a JSON object (${(err as Error).message}); fix or remove it first.`);
  }
}

/**
 * Saves a provider choice. A key an older version left in the file is removed: keys live in
 * the key storage only (the caller moves it there first).
 */
export function saveProviderChoice(dataDir: string, choice: ProviderChoice): void {
  updateUserConfig(dataDir, (config) => {
    config.provider = choice.provider;
    config.model = choice.model;
    if (choice.baseUrl === null) delete config.baseUrl;
    else if (choice.baseUrl !== undefined) config.baseUrl = choice.baseUrl;
    delete config.baseURL;
    delete config.apiKey;
  });
}
