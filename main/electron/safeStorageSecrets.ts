import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { writeFileAtomic } from '../fs/atomicWrite';
import type { SecretStore } from '../settings/secretStore';

/**
 * API keys encrypted with the OS keychain through Electron `safeStorage`, in
 * `<data-dir>/secrets.json` (base64 ciphertexts). Returns null when encryption is not
 * available, so the caller falls back to the plain config file and says so.
 */
export function safeStorageSecrets(dataDir: string): SecretStore | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const file = path.join(dataDir, 'secrets.json');
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  return {
    get(name) {
      const value = read()[name];
      if (!value) return null;
      try {
        return safeStorage.decryptString(Buffer.from(value, 'base64'));
      } catch {
        return null;
      }
    },
    set(name, value) {
      const all = read();
      if (value === null) delete all[name];
      else all[name] = safeStorage.encryptString(value).toString('base64');
      fs.mkdirSync(dataDir, { recursive: true });
      writeFileAtomic(file, JSON.stringify(all, null, 2) + '\n');
    },
  };
}
