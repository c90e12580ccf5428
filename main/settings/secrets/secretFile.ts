import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomicWrite';

/**
 * `<data-dir>/secrets.json`, mode 0600: `{ format, entries: { name: { via, data } } }`, each
 * value encrypted by the cipher named in `via`. Older desktop files were a flat
 * `{ name: base64 }` of safeStorage ciphertexts; they are read as such.
 */
export interface Cipher {
  via: string;
  encrypt(plain: string): string;
  /** Throws when the data cannot be decrypted (another machine, a lost key file). */
  decrypt(data: string): string;
}

interface Entry {
  via: string;
  data: string;
}

const FORMAT = 'engram-secrets/1';

export function secretsFilePath(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

export class SecretFile {
  readonly file: string;

  constructor(
    private readonly dataDir: string,
    private readonly cipher: Cipher,
  ) {
    this.file = secretsFilePath(dataDir);
  }

  get(name: string): string | null {
    const entry = this.read()[name];
    if (!entry || entry.via !== this.cipher.via) return null;
    try {
      return this.cipher.decrypt(entry.data);
    } catch {
      return null;
    }
  }

  set(name: string, value: string | null): void {
    const entries = this.read();
    if (value === null) delete entries[name];
    else entries[name] = { via: this.cipher.via, data: this.cipher.encrypt(value) };
    writePrivate(this.dataDir, this.file, JSON.stringify({ format: FORMAT, entries }, null, 2) + '\n');
  }

  private read(): Record<string, Entry> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return {};
    }
    if (!parsed || typeof parsed !== 'object') return {};
    const obj = parsed as Record<string, unknown>;
    if (obj.format === FORMAT && obj.entries && typeof obj.entries === 'object') return { ...(obj.entries as Record<string, Entry>) };
    // The flat desktop format of earlier versions: every value a safeStorage ciphertext.
    const legacy: Record<string, Entry> = {};
    for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') legacy[k] = { via: 'safeStorage', data: v };
    return legacy;
  }
}

/** Writes a file only its owner can read: created 0600, and narrowed if it was wider. */
export function writePrivate(dir: string, file: string, content: string | Buffer): void {
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  if (process.platform !== 'win32') fs.chmodSync(file, 0o600);
  // The atomic writer keeps the existing file's mode for its replacement.
  writeFileAtomic(file, content);
}

/**
 * AES-256-GCM with a random key in `<data-dir>/secrets.key` (0600). Keeps keys out of plain
 * text (a grep, a pasted file, a backup of config.json), but anyone who can read both files
 * can read the keys: it is the fallback when no keychain or keyring is there.
 */
export function localKeyCipher(dataDir: string): Cipher {
  const keyFile = path.join(dataDir, 'secrets.key');
  const key = (): Buffer => {
    try {
      const k = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
      if (k.length === 32) return k;
    } catch {
      // created below
    }
    const k = crypto.randomBytes(32);
    writePrivate(dataDir, keyFile, k.toString('base64') + '\n');
    return k;
  };
  return {
    via: 'local-key',
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(data) {
      const raw = Buffer.from(data, 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
