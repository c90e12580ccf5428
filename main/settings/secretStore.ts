/**
 * Where a provider's API key is kept. The desktop shell supplies one backed by Electron
 * `safeStorage` (main/electron/safeStorageSecrets.ts); without it the key goes into
 * `<data-dir>/config.json`, which is outside every repository.
 */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string | null): void;
}

export const PROVIDER_KEY_SECRET = 'agent.apiKey';
