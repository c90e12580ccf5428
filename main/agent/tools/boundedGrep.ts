import { Worker } from 'node:worker_threads';

/**
 * The regular expression of `grep` runs in a worker thread that is terminated when one file
 * takes longer than this: a backtracking pattern such as `(a+)+$` on a long line can run for
 * hours, and JavaScript cannot interrupt a RegExp from the thread running it. (A linear-time
 * engine would avoid this, but re2 needs Node 22 and a native build; ripgrep's npm package
 * downloads its binary at install. JavaScript syntax stays what the model expects.)
 */
export const REGEX_FILE_LIMIT_MS = 5_000;

export interface GrepRequest {
  pattern: string;
  /** Real path of the project root; `files` are relative to it. */
  root: string;
  files: string[];
  maxMatches: number;
  maxFileBytes: number;
}

export interface GrepMatch {
  rel: string;
  line: number;
  text: string;
}

export class RegexTimeoutError extends Error {
  constructor(
    public readonly file: string,
    public readonly found: GrepMatch[],
  ) {
    super(
      `The pattern ran over ${REGEX_FILE_LIMIT_MS / 1000} s on ${file} and was stopped (catastrophic backtracking: ` +
        'nested quantifiers such as (a+)+ or (.*)* on a long line). Simplify it, e.g. without the nested repetition.',
    );
    this.name = 'RegexTimeoutError';
  }
}

// Plain JavaScript: the worker is started from this text, so it needs no file of its own in
// the build (the CLI, the server and the Electron main process bundle differently).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { pattern, root, files, maxMatches, maxFileBytes } = workerData;
const re = new RegExp(pattern);
const found = [];
for (const rel of files) {
  parentPort.postMessage({ type: 'file', rel });
  let buf;
  try {
    const abs = path.join(root, rel);
    if (fs.statSync(abs).size > maxFileBytes) continue;
    buf = fs.readFileSync(abs);
  } catch { continue; }
  if (buf.subarray(0, 8000).includes(0)) continue;
  const lines = buf.toString('utf8').split('\\n');
  for (let i = 0; i < lines.length && found.length < maxMatches; i++) {
    if (re.test(lines[i])) found.push({ rel, line: i + 1, text: lines[i].slice(0, 300) });
  }
  if (found.length >= maxMatches) break;
}
parentPort.postMessage({ type: 'done', found });
`;

/** Runs the search; rejects with RegexTimeoutError when one file takes over the limit. */
export function grepInWorker(request: GrepRequest, signal?: AbortSignal): Promise<GrepMatch[]> {
  new RegExp(request.pattern); // a syntax error is thrown here, in the caller's thread
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: request });
    let current = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(() => reject(new RegexTimeoutError(current, []))), REGEX_FILE_LIMIT_MS);
    };
    const onAbort = () => finish(() => reject(signal?.reason ?? new Error('cancelled')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { type: 'file'; rel: string } | { type: 'done'; found: GrepMatch[] }) => {
      if (m.type === 'file') {
        current = m.rel;
        arm();
      } else finish(() => resolve(m.found));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the search stopped unexpectedly (exit ${code})`))));
    arm();
  });
}
