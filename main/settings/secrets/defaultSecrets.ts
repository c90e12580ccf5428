import { createRequire } from 'node:module';
import { localKeyCipher, SecretFile, secretsFilePath } from './secretFile';
import type { SecretStore } from './secretStore';

const KEYRING_SERVICE = 'engram';

/** Keys in a 0600 file of the data folder, encrypted with a key file beside it. */
export function fileSecrets(dataDir: string): SecretStore {
  const file = new SecretFile(dataDir, localKeyCipher(dataDir));
  return {
    kind: 'file',
    description: `Keys are kept in ${secretsFilePath(dataDir)} (mode 0600, encrypted with secrets.key beside it): no system keyring is available.`,
    get: (name) => file.get(name),
    set: (name, value) => file.set(name, value),
  };
}

interface KeyringEntry {
  getPassword(): string | null | undefined;
  setPassword(value: string): void;
  deletePassword(): boolean;
}
type EntryClass = new (service: string, account: string) => KeyringEntry;

/**
 * The system keyring (Secret Service, macOS Keychain, Windows Credential Manager) through
 * @napi-rs/keyring; null when the module does not load or the keyring refuses a test write
 * (a server or container without a Secret Service). Accounts carry the data folder, so two
 * data folders never share keys.
 */
export function keyringSecrets(dataDir: string): SecretStore | null {
  let Entry: EntryClass;
  try {
    // Loaded lazily: a missing prebuilt binary must mean "no keyring", not a crash at start.
    Entry = (createRequire(__filename)('@napi-rs/keyring') as { Entry: EntryClass }).Entry;
  } catch {
    return null;
  }
  const entry = (name: string) => new Entry(KEYRING_SERVICE, `${name}@${dataDir}`);
  try {
    const probe = entry('probe');
    probe.setPassword('ok');
    const back = probe.getPassword();
    probe.deletePassword();
    if (back !== 'ok') return null;
  } catch {
    return null;
  }
  return {
    kind: 'keyring',
    description: `Keys are kept in the system keyring (service "${KEYRING_SERVICE}").`,
    get(name) {
      try {
        return entry(name).getPassword() ?? null;
      } catch {
        return null;
      }
    },
    set(name, value) {
      if (value === null) {
        try {
          entry(name).deletePassword();
        } catch {
          // nothing kept: nothing to remove
        }
      } else entry(name).setPassword(value);
    },
  };
}

/**
 * For `serve` and the CLI: the system keyring when it works, else the 0600 file.
 * ENGRAM_KEY_STORAGE=file skips the keyring (a machine where probing it is slow or prompts).
 */
export function defaultSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  if (env.ENGRAM_KEY_STORAGE !== 'file') {
    const keyring = keyringSecrets(dataDir);
    if (keyring) return keyring;
  }
  return fileSecrets(dataDir);
}
