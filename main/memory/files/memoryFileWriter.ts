import crypto from 'node:crypto';
import { readFileVersion, replaceGuarded } from '../../fs/guardedReplace';
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
  // Waits out an Engram write swapping the file this instant (see guardedReplace.ts).
  const v = readFileVersion(file);
  return v.exists ? { exists: true, bytes: bytesToByteString(v.bytes), hash: v.hash } : { exists: false, bytes: '', hash: '' };
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

/**
 * Read, change, write without ever writing over a person's save: the change is planned on the
 * file as it is, and planned again on any version a person saves while it is being written
 * (see `replaceGuarded`). `change` must therefore be a pure function of the document it is given.
 */
export function updateMemoryFile(
  file: string,
  template: string,
  change: (doc: MemoryDocument) => Splice[],
  onConflictCopy?: (copy: string) => void,
): FileUpdate {
  let before: MemoryDocument | null = null;
  let after = '';
  const outcome = replaceGuarded(
    file,
    (current) => {
      before = parseMemoryDocument(current ? bytesToByteString(current) : template);
      const splices = change(before);
      if (!splices.length) {
        after = before.bytes;
        return null;
      }
      after = applySplices(before.bytes, splices);
      return byteStringToBytes(after);
    },
    { onConflictCopy },
  );
  return { before: before!, baseHash: outcome.basis.hash, after, changed: outcome.written };
}
