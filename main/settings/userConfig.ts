import fs from 'node:fs';
import { replaceGuarded } from '../fs/guardedReplace';
import type { ProviderKind } from '../../contract/settings';
import { dataConfigPath } from './agentSettings';

export interface ProviderChoice {
  provider: ProviderKind;
  model: string;
  baseUrl?: string;
  apiKey?: string;
}

/**
 * Saves a provider choice into `<data-dir>/config.json`, keeping every other key a person or
 * another part of Engram put there. A file that is not JSON is left alone and reported.
 */
export function saveProviderChoice(dataDir: string, choice: ProviderChoice): void {
  const file = dataConfigPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  // Planned on the bytes there at the swap: a key a person saved meanwhile is kept.
  replaceGuarded(file, (bytes) => {
    let current: Record<string, unknown> = {};
    if (bytes !== null) {
      try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) current = parsed;
        else throw new Error('not an object');
      } catch (err) {
        throw new Error(`${file} is not a JSON object (${(err as Error).message}); fix or remove it first.`);
      }
    }
    const next: Record<string, unknown> = { ...current, provider: choice.provider, model: choice.model };
    if (choice.baseUrl !== undefined) next.baseUrl = choice.baseUrl;
    else delete next.baseUrl;
    if (choice.apiKey !== undefined) next.apiKey = choice.apiKey;
    delete next.baseURL;
    return JSON.stringify(next, null, 2) + '\n';
  });
}
