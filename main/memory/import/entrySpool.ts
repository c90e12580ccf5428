import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ImportTooLargeError, MAX_MEMORY_FILE_BYTES, ENTRY_OVERHEAD } from './spooledInsert';

/** One entry waiting to be imported: normalized text, kind, and its date and source. */
export interface SpooledEntry {
  kind: string;
  text: string;
  at: string;
  src?: string;
}

const FLUSH_BYTES = 1 << 20;

/**
 * Entries of an import, kept on disk (one file per kind, in a private temp folder, a line per
 * entry: date, source and text separated by tabs, with backslash, tab and newline escaped;
 * JSON cost a stringify and a parse per entry, a tenth of an import's time)
 * until they are written in one go: an import of any size holds only a buffer in memory,
 * and nothing reaches MEMORY.md unless every entry does (see spooledInsert.ts).
 */
export class EntrySpool {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-import-'));
  private readonly byKind = new Map<string, { file: string; pending: string[]; pendingBytes: number }>();
  /** Entries and their text bytes so far (to refuse a MEMORY.md too large before writing it). */
  count = 0;
  textBytes = 0;

  add(entry: SpooledEntry): void {
    let spool = this.byKind.get(entry.kind);
    if (!spool) {
      spool = { file: path.join(this.dir, `${this.byKind.size}.jsonl`), pending: [], pendingBytes: 0 };
      this.byKind.set(entry.kind, spool);
    }
    const line = `${escapeField(entry.at)}\t${escapeField(entry.src ?? '')}\t${escapeField(entry.text)}\n`;
    spool.pending.push(line);
    spool.pendingBytes += line.length;
    this.count++;
    this.textBytes += Buffer.byteLength(entry.text) + (entry.src?.length ?? 0);
    // Refused as soon as it is certain, not after spooling the rest of a huge file.
    if (this.estimatedBytes() > MAX_MEMORY_FILE_BYTES) throw new ImportTooLargeError(this.estimatedBytes());
    if (spool.pendingBytes >= FLUSH_BYTES) this.flush(spool);
  }

  /** What the entries add to MEMORY.md, at most. */
  estimatedBytes(): number {
    return this.textBytes + this.count * ENTRY_OVERHEAD;
  }

  /** Kinds in the order they first appeared. */
  kinds(): string[] {
    for (const spool of this.byKind.values()) this.flush(spool);
    return [...this.byKind.keys()];
  }

  /** The entries of one kind, read back in chunks (synchronously: it runs inside a transaction). */
  *entries(kind: string): Generator<SpooledEntry> {
    const spool = this.byKind.get(kind);
    if (!spool) return;
    this.flush(spool);
    const fd = fs.openSync(spool.file, 'r');
    try {
      const buf = Buffer.alloc(FLUSH_BYTES);
      const decoder = new StringDecoder('utf8'); // a character may straddle two chunks
      let rest = '';
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (!n) break;
        const text = rest + decoder.write(buf.subarray(0, n));
        const lines = text.split('\n');
        rest = lines.pop()!;
        for (const line of lines) if (line) yield parseLine(kind, line);
      }
      if (rest) yield parseLine(kind, rest);
    } finally {
      fs.closeSync(fd);
    }
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(spool: { file: string; pending: string[]; pendingBytes: number }): void {
    if (!spool.pending.length) return;
    fs.appendFileSync(spool.file, spool.pending.join(''));
    spool.pending = [];
    spool.pendingBytes = 0;
  }
}

const SPECIAL = /[\\\t\n]/;

function escapeField(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n')) : value;
}

function unescapeField(value: string): string {
  return value.includes('\\') ? value.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c)) : value;
}

function parseLine(kind: string, line: string): SpooledEntry {
  const a = line.indexOf('\t');
  const b = line.indexOf('\t', a + 1);
  const src = unescapeField(line.slice(a + 1, b));
  const entry: SpooledEntry = { kind, text: unescapeField(line.slice(b + 1)), at: unescapeField(line.slice(0, a)) };
  if (src) entry.src = src;
  return entry;
}
