import path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { listIndexedFiles } from '../memory/files/indexedFiles';
import { readSnapshot } from '../memory/files/memoryFileWriter';
import { byteStringToBytes } from '../memory/markdown/byteString';
import { projectScope } from '../memory/scopes';
import { scanSecrets } from '../secrets/secretScanner';

/**
 * The dream's sweep of the other files under `.engram/` (topic files, session notes and
 * checkpoints, task logs): secrets written before Engram scanned, or typed by a person, are
 * replaced in place. Not part of a dream's undo: reverting must not bring a secret back.
 * Scanned as byte strings (see byteString.ts), so every other byte stays as it was; a file
 * that changes while being swept is left for the next dream.
 */
export function redactSharedFiles(root: string, dryRun: boolean): { id: string; kinds: string[] }[] {
  const found: { id: string; kinds: string[] }[] = [];
  for (const file of listIndexedFiles(projectScope(root))) {
    if (file.role === 'memory') continue;
    const abs = path.join(root, file.rel);
    const snap = readSnapshot(abs);
    if (!snap.exists) continue;
    const { text, findings } = scanSecrets(snap.bytes);
    if (!findings.length) continue;
    found.push({ id: file.rel, kinds: findings.map((f) => f.kind) });
    if (dryRun || readSnapshot(abs).hash !== snap.hash) continue;
    writeFileAtomic(abs, byteStringToBytes(text));
  }
  return found;
}

