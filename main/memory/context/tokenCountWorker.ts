import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { pieceCounter } from './pieceCounter';
import { tokenCount } from './tokens';

/**
 * Token counts of many texts (an import), counted in a worker thread while the caller goes on
 * composing the file and inserting rows: counting is the costliest step of an import after
 * SQLite itself (BENCHMARKS.md). The worker uses the same o200k tokenizer as `tokenCount`, so
 * the counts are the same numbers; it also keeps the tokenizer's tables (~30 MB) out of the
 * caller's heap, which a streamed import keeps small.
 *
 * The caller is synchronous (it runs inside a database transaction), so results are read from
 * shared memory with `Atomics.wait`, not from messages. If the worker cannot start or stops
 * making progress, the remaining texts are counted on the calling thread: slower, same result.
 */
export interface TokenCounts {
  /** The count of the i-th text given; waits for the worker if it is not there yet. */
  get(i: number): number;
}

/** Below this many texts a worker costs more (start-up, loading the tables) than it saves. */
export const WORKER_MIN_TEXTS = 1000;
/** No progress for this long: count the rest here (a worker killed, a machine starved). */
const STALL_MS = 10_000;
/** The worker publishes its progress every this many texts. */
const PUBLISH_EVERY = 64;
const FAILED = -1;

// Plain JavaScript, run by `new Worker(..., { eval: true })`: it works the same from the
// bundled CLI, the desktop app and TypeScript under test, with no separate entry to build.
// The counter is the one tokens.ts uses, from its source (__name: the helper a bundler that
// keeps function names may have wrapped its inner functions in).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const pieceCounter = ${pieceCounter.toString()};
let countTokens = null;
try {
  countTokens = pieceCounter(require(workerData.tokenizer));
} catch {}
parentPort.on('message', ({ joined, shared }) => {
  const done = new Int32Array(shared, 0, 1);
  const counts = new Int32Array(shared, 4);
  try {
    if (!countTokens) throw new Error('no tokenizer');
    // counts[] arrives holding each text's length: the texts come as one string (one copy
    // instead of thousands).
    let at = 0;
    for (let i = 0; i < counts.length; i++) {
      const text = joined.slice(at, at + counts[i]);
      at += counts[i];
      counts[i] = text ? countTokens(text) : 0;
      if ((i + 1) % ${PUBLISH_EVERY} === 0 || i + 1 === counts.length) {
        Atomics.store(done, 0, i + 1);
        Atomics.notify(done, 0);
      }
    }
  } catch {
    Atomics.store(done, 0, ${FAILED});
    Atomics.notify(done, 0);
  }
});
`;

let worker: Worker | null | undefined;
let idle: NodeJS.Timeout | null = null;
/** A long-lived host lets the worker (and its ~30 MB of tables) go this long after an import. */
const IDLE_MS = 60_000;

function counterWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const tokenizer = createRequire(import.meta.url).resolve('gpt-tokenizer/encoding/o200k_base');
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { tokenizer },
      // Its own heap: the tables fit whatever limit the caller runs under (a streamed import
      // is tested in a 32 MB heap).
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    // Never keeps a CLI alive; an error only means the caller counts the rest itself.
    worker.unref();
    worker.on('error', () => {
      worker = null;
    });
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * Starts the worker now, so that loading its tokenizer (about half a second) overlaps whatever
 * the caller does before it counts: the CLI's import reads and spools its file first.
 */
export function warmTokenCounter(): void {
  const w = counterWorker();
  if (w) letGoWhenIdle(w);
}

function letGoWhenIdle(w: Worker): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    idle = null;
    if (worker === w) {
      worker = undefined;
      void w.terminate();
    }
  }, IDLE_MS);
  idle.unref();
}

/**
 * Starts counting `texts`; read the counts with `get(i)`, in any order. `always`: use the worker
 * even for a few texts (a streamed import's last chunk: its caller's heap has no room for the
 * tables).
 */
export function countTokensAhead(texts: string[], options: { always?: boolean } = {}): TokenCounts {
  const w = options.always || texts.length >= WORKER_MIN_TEXTS ? counterWorker() : null;
  if (!w) return { get: (i) => tokenCount(texts[i]) };
  // Callers read every count before they return to the event loop (they are synchronous), so
  // when the idle timer fires no count is still awaited.
  letGoWhenIdle(w);
  const shared = new SharedArrayBuffer(4 * (texts.length + 1));
  const done = new Int32Array(shared, 0, 1);
  const counts = new Int32Array(shared, 4);
  for (let i = 0; i < texts.length; i++) counts[i] = texts[i].length;
  try {
    w.postMessage({ joined: texts.join(''), shared });
  } catch {
    return { get: (i) => tokenCount(texts[i]) };
  }
  let local = false; // counting here from now on
  return {
    get(i) {
      if (local) return tokenCount(texts[i]);
      for (;;) {
        const n = Atomics.load(done, 0);
        if (n === FAILED) break;
        if (n > i) return counts[i];
        if (Atomics.wait(done, 0, n, STALL_MS) === 'timed-out' && Atomics.load(done, 0) === n) break;
      }
      local = true;
      if (worker === w) {
        // Failed or stalled: later batches are counted here too.
        worker = null;
        void w.terminate();
      }
      return tokenCount(texts[i]);
    },
  };
}
