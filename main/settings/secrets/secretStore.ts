import type { KeyStorageKind, ProviderKind } from '../../../contract/settings';

/**
 * Where provider API keys are kept: the OS keychain through Electron `safeStorage` on the
 * desktop, the system keyring for `serve` and the CLI when one works, else a 0600 file in the
 * data folder (defaultSecrets.ts picks). Keys never go to config.json, the database, logs or
 * events: only the host reads them, to build a request.
 */
export interface SecretStore {
  readonly kind: KeyStorageKind;
  /** One line for people: where keys are kept here. */
  readonly description: string;
  get(name: string): string | null;
  /** `null` removes the secret. */
  set(name: string, value: string | null): void;
}

/** The secret name of a provider's key. */
export function apiKeySecret(provider: ProviderKind): string {
  return `apiKey.${provider}`;
}

/** Where the desktop kept the one key before keys were per provider; still read as a fallback. */
export const LEGACY_KEY_SECRET = 'agent.apiKey';

/** The key kept for a provider (or the one older versions kept for any provider). */
export function keptApiKey(secrets: SecretStore | undefined, provider: ProviderKind): string | null {
  if (!secrets) return null;
  return secrets.get(apiKeySecret(provider)) ?? secrets.get(LEGACY_KEY_SECRET);
}
