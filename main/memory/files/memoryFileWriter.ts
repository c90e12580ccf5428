import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomicWrite';
import { bytesToByteString, byteStringToBytes } from '../markdown/byteString';
import { parseMemoryDocument, type MemoryDocument } from '../markdown/memoryDocument';
import { applySplices, type Splice } from '../markdown/memoryEdits';

export interface FileSnapshot {
  exists: boolean;
  /** The content as a byte string (see byteString.ts). */
  bytes: string;
  hash: string;
}

export function hashBytes(bytes: Uint8Array | string): string {
  return crypto.createHash('sha256').update(typeof bytes === 'string' ? byteStringToBytes(bytes) : bytes).digest('hex');
}

export function readSnapshot(file: string): FileSnapshot {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, bytes: '', hash: '' };
    throw err;
  }
  return { exists: true, bytes: bytesToByteString(buf), hash: hashBytes(buf) };
}

export class ConcurrentEditError extends Error {
  constructor(file: string) {
    super(`${file} kept changing while Engram tried to write it; nothing was written. Try again.`);
    this.name = 'ConcurrentEditError';
  }
}

export interface FileUpdate {
  before: MemoryDocument;
  /** Hash of the content the change was applied to ('' when the file did not exist). */
  baseHash: string;
  after: string;
  changed: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * Read, change, write, based on the hash that was read: if the file changed in between (a
 * person saved in an editor), the change is re-applied to the new content rather than written
 * over it. `change` must therefore be a pure function of the document it is given.
 * Writers inside Engram are serialized by the caller (a database write transaction).
 */
export function updateMemoryFile(
  file: string,
  template: string,
  change: (doc: MemoryDocument) => Splice[],
): FileUpdate {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const snap = readSnapshot(file);
    const before = parseMemoryDocument(snap.exists ? snap.bytes : template);
    const splices = change(before);
    if (!splices.length) return { before, baseHash: snap.hash, after: before.bytes, changed: false };
    const after = applySplices(before.bytes, splices);
    const now = readSnapshot(file);
    if (now.exists !== snap.exists || now.hash !== snap.hash) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, byteStringToBytes(after));
    return { before, baseHash: snap.hash, after, changed: true };
  }
  throw new ConcurrentEditError(file);
}
