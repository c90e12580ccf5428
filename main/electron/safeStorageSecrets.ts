import { safeStorage } from 'electron';
import { SecretFile, secretsFilePath } from '../settings/secrets/secretFile';
import type { SecretStore } from '../settings/secrets/secretStore';

/**
 * API keys encrypted with the OS keychain through Electron `safeStorage`, kept in
 * `<data-dir>/secrets.json` (0600). Null when encryption is not available, so the caller
 * falls back to the keyring or the file store (main/settings/secrets/defaultSecrets.ts).
 */
export function safeStorageSecrets(dataDir: string): SecretStore | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const file = new SecretFile(dataDir, {
    via: 'safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  });
  return {
    kind: 'safeStorage',
    description: `Keys are encrypted with the OS keychain (safeStorage) in ${secretsFilePath(dataDir)}.`,
    get: (name) => file.get(name),
    set: (name, value) => file.set(name, value),
  };
}
