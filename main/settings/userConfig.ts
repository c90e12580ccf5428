import fs from 'node:fs';
import { writeFileAtomic } from '../fs/atomicWrite';
import { InvalidInputError } from '../errors/domainErrors';
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
  const current = readUserConfig(dataDir);
  change(current);
  fs.mkdirSync(dataDir, { recursive: true });
  writeFileAtomic(file, JSON.stringify(current, null, 2) + '\n');
  return current;
}

export function readUserConfig(dataDir: string): Record<string, unknown> {
  const file = dataConfigPath(dataDir);
  if (!fs.existsSync(file)) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
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
