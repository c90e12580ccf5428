import type { EmbeddingStatus } from '../../../contract/memory';
import type { Command } from '../command';
import { withMemoryEngine } from './memoryCommandSupport';

const HOW_TO_TURN_ON =
  'Semantic search is off: memory search is lexical. Turn it on in Settings, or e.g. ' +
  '`engram config set embeddings \'{"provider":"ollama","model":"nomic-embed-text"}\'`.';

export const memoryEmbedCommand: Command = {
  words: ['memory', 'embed'],
  synopsis: '[--status]',
  summary: 'embed memory entries for semantic search now (with --status: only say how far it is)',
  options: { status: { type: 'boolean' } },
  async run(ctx, values) {
    const status = await withMemoryEngine(ctx, async (engine) => {
      const semantic = engine.semantic!;
      const scopes = engine.scopeKeyList;
      if (!values.status && semantic.settings) {
        const stop = () => void semantic.stop();
        void ctx.stopSignal.then(stop);
        await semantic.embedNow(scopes, (done, pending) => ctx.say(`engram: embedded ${done} of ${pending} waiting entries`)).catch((err: Error) => {
          const detail = (err as { detail?: string | null }).detail;
          throw new Error(`embedding failed: ${err.message}${detail ? ` (${detail})` : ''}`);
        });
      }
      await semantic.countPending(scopes);
      return semantic.status(scopes);
    }, { rerunnable: true, semantic: true });
    ctx.result(status, describeStatus(status));
  },
};

/** One line for people: what is on, how far, and why not when it fails. */
export function describeStatus(s: EmbeddingStatus): string {
  if (s.state === 'off') return HOW_TO_TURN_ON;
  const model = `${s.provider} ${s.model}${s.dimensions ? `, ${s.dimensions} dimensions` : ''}, ${s.backend}`;
  const counts = `embedded ${s.embedded.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} entries`;
  if (s.error) {
    // When it failed and when it is tried again: the failure may be another process's (the app's).
    const when = [s.failedAt && `at ${shortTime(s.failedAt)}`, s.retryAt && `next try ${shortTime(s.retryAt)}`].filter(Boolean).join(', ');
    return `Semantic search (${model}): ${counts}; ${s.state}: ${s.error}${s.errorDetail ? ` (${s.errorDetail})` : ''}${when ? ` (${when})` : ''}`;
  }
  return `Semantic search (${model}): ${counts}${s.state === 'ready' ? '.' : '; run `engram memory embed` (the app embeds in the background).'}`;
}

/** 2026-12-02 06:30:12 UTC */
function shortTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
