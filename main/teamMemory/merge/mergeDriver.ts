import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { writeFileAtomic } from '../../fs/atomicWrite';
import { bytesToByteString, byteStringToBytes } from '../../memory/markdown/byteString';
import { mergeFormatOf, type MergeFormat } from '../../../contract/engramLayout';
import { mergeMemoryDocuments } from './entryMerge';
import { mergeProgressFiles } from './progressMerge';

/**
 * `engram merge-driver BASE OURS THEIRS [PATH]`, as git calls a merge driver (%O %A %B %P):
 * the merged result is written to OURS; the outcome says whether git should record a conflict.
 */
export interface DriverOutcome {
  conflict: boolean;
  format: MergeFormat | 'text';
  /** For people: what happened, one line. */
  summary: string;
}

export function runMergeDriver(basePath: string, oursPath: string, theirsPath: string, repoPath?: string): DriverOutcome {
  const base = readBytes(basePath);
  const ours = readBytes(oursPath);
  const theirs = readBytes(theirsPath);
  const format = (repoPath ? mergeFormatOf(repoPath) : null) ?? sniffFormat(ours || theirs);
  const where = repoPath ?? oursPath;

  if (format === 'progress') {
    const merged = mergeProgressFiles(base, ours, theirs);
    if (merged !== null) {
      writeFileAtomic(oursPath, byteStringToBytes(merged));
      return { conflict: false, format, summary: `merged task log ${where}` };
    }
  } else if (format === 'memory' && [base, ours, theirs].every(parsable)) {
    const { bytes, bothChanged } = mergeMemoryDocuments(base, ours, theirs);
    writeFileAtomic(oursPath, byteStringToBytes(bytes));
    const both = bothChanged.length ? `; changed on both sides, theirs kept as superseded: ${bothChanged.join(', ')}` : '';
    return { conflict: false, format, summary: `merged ${where} by entry id${both}` };
  }
  writeConflict(basePath, oursPath, theirsPath);
  return { conflict: true, format: format ?? 'text', summary: `cannot read ${where} as Engram memory; wrote conflict markers for a person to resolve` };
}

function readBytes(file: string): string {
  // git passes an empty file as BASE when both sides added the file.
  try {
    return bytesToByteString(fs.readFileSync(file));
  } catch (err) {
    throw new Error(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was merged`);
  }
}

/** MEMORY.md always parses; what cannot be merged is binary content or an unresolved conflict. */
function parsable(bytes: string): boolean {
  return !bytes.includes('\0') && !/^(<<<<<<<|>>>>>>>)(?: |$)/m.test(bytes);
}

function sniffFormat(bytes: string): MergeFormat {
  return /^---\r?\n[\s\S]*?^status:/m.test(bytes.slice(0, 2000)) && /^---\r?\n/.test(bytes) ? 'progress' : 'memory';
}

/**
 * Git's ordinary conflict markers, from `git merge-file`. When a line merge would succeed
 * anyway the whole file is put in conflict: we could not read it, so we do not guess.
 */
function writeConflict(basePath: string, oursPath: string, theirsPath: string): void {
  const res = spawnSync('git', ['merge-file', '-p', '-L', 'ours', '-L', 'base', '-L', 'theirs', oursPath, basePath, theirsPath], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.status !== null && res.status > 0 && res.stdout.length) {
    writeFileAtomic(oursPath, res.stdout);
    return;
  }
  const ours = fs.readFileSync(oursPath);
  const theirs = fs.readFileSync(theirsPath);
  const nl = (b: Buffer) => (b.length && b[b.length - 1] !== 0x0a ? '\n' : '');
  writeFileAtomic(
    oursPath,
    Buffer.concat([Buffer.from('<<<<<<< ours\n'), ours, Buffer.from(nl(ours) + '=======\n'), theirs, Buffer.from(nl(theirs) + '>>>>>>> theirs\n')]),
  );
}
