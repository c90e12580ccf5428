import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach } from 'vitest';

/**
 * A scripted embeddings server on 127.0.0.1: real HTTP in the wire formats the real clients
 * speak: OpenAI's `POST …/v1/embeddings` (also LM Studio's and any OpenAI-compatible server's)
 * and Ollama's own `POST /api/embed`. Its vectors are deterministic "concept bags": each word
 * is mapped to a concept (synonyms share one, so a paraphrase lands near its original without
 * sharing a word), each concept hashed to a dimension, the sum normalized. Different models
 * hash differently, so switching model gives a different space. No quality is claimed for
 * them: they only make retrieval by meaning testable.
 */

export interface EmbedRequest {
  path: string;
  format: 'openai' | 'ollama';
  headers: http.IncomingHttpHeaders;
  model: string;
  inputs: string[];
}

export interface ScriptedEmbeddings {
  /** e.g. http://127.0.0.1:PORT/v1: the base URL for OpenAI / OpenAI-compatible / Ollama presets. */
  baseURL: string;
  requests: EmbedRequest[];
  /** Texts embedded so far (documents and queries), in order. */
  texts(): string[];
  /** Answers every later request with this HTTP status (null: answer normally again). */
  failWith(status: number | null, message?: string): void;
  /** Holds each answer this long. */
  delay(ms: number): void;
  close(): Promise<void>;
}

/** Words that mean the same thing here: each group is one concept. */
export const DEFAULT_SYNONYMS: string[][] = [
  ['database', 'datastore', 'db', 'storage'],
  ['slow', 'sluggish', 'laggy', 'latency'],
  ['login', 'signin', 'authentication', 'auth'],
  ['car', 'automobile', 'vehicle'],
  ['crash', 'segfault', 'abort', 'dies'],
  ['deploy', 'release', 'ship', 'rollout'],
];

const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'with', 'our', 'we', 'it', 'why', 'what', 'how', 'when']);

export function conceptVector(text: string, model: string, dims: number, synonyms = DEFAULT_SYNONYMS): number[] {
  const concept = new Map<string, string>();
  for (const group of synonyms) for (const w of group) concept.set(w, group[0]);
  const v = new Array<number>(dims).fill(0);
  const words = text
    .toLowerCase()
    .replace(/^search_(document|query): /, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w));
  for (const w of words) {
    const c = concept.get(w) ?? w;
    const h = fnv(`${model}:${c}`);
    v[h % dims] += (h >> 16) & 1 ? 1 : -1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export async function startScriptedEmbeddings(options: { dims?: Record<string, number>; defaultDims?: number } = {}): Promise<ScriptedEmbeddings> {
  const requests: EmbedRequest[] = [];
  let failure: { status: number; message: string } | null = null;
  let delayMs = 0;
  const dimsOf = (model: string) => options.dims?.[model] ?? options.defaultDims ?? 64;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      const path = (req.url ?? '').split('?')[0];
      const format = path.endsWith('/embeddings') ? 'openai' : path === '/api/embed' ? 'ollama' : null;
      if (req.method !== 'POST' || !format) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      const body = JSON.parse(raw) as { model: string; input: string | string[] };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      requests.push({ path, format, headers: req.headers, model: body.model, inputs });
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (failure) {
        const message = failure.message;
        const payload = format === 'ollama' ? { error: message } : { error: { message, type: 'scripted', code: failure.status } };
        return void res.writeHead(failure.status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      }
      const vectors = inputs.map((t) => conceptVector(t, body.model, dimsOf(body.model)));
      const tokens = inputs.reduce((n, t) => n + t.split(/\s+/).length, 0);
      const answer =
        format === 'ollama'
          ? { model: body.model, embeddings: vectors, total_duration: 1000, load_duration: 10, prompt_eval_count: tokens }
          : {
              object: 'list',
              data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
              model: body.model,
              usage: { prompt_tokens: tokens, total_tokens: tokens },
            };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    texts: () => requests.flatMap((r) => r.inputs),
    failWith: (status, message = `scripted ${status}`) => (failure = status === null ? null : { status, message }),
    delay: (ms) => (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server as a per-test fixture, closed after each test (or after the file with `per: 'file'`). */
export function useScriptedEmbeddings(options: { per?: 'test' | 'file' } = {}): { start(o?: Parameters<typeof startScriptedEmbeddings>[0]): Promise<ScriptedEmbeddings> } {
  const open: ScriptedEmbeddings[] = [];
  (options.per === 'file' ? afterAll : afterEach)(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return {
    async start(o) {
      const s = await startScriptedEmbeddings(o);
      open.push(s);
      return s;
    },
  };
}
