import type { AgentEvent } from '../../contract';

/** Text deltas are sent at most this often, so a fast stream is a few events a second, not hundreds. */
export const TEXT_FLUSH_MS = 50;

type Delta = Extract<AgentEvent, { type: 'text' | 'reasoning' }>;

/**
 * Coalesces a run's text and reasoning deltas before they cross to the window; every other
 * event, and a switch between reasoning and text, flushes what is held first, so order is kept.
 * `observe` sees every event as it comes.
 */
export function batchedEvents(send: (e: AgentEvent) => void, observe: (e: AgentEvent) => void = () => {}): (e: AgentEvent) => void {
  let held: Delta | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!held) return;
    const e = held;
    held = null;
    send(e);
  };
  return (e) => {
    observe(e);
    if (e.type === 'text' || e.type === 'reasoning') {
      if (held && held.type !== e.type) flush();
      held = held ? { type: e.type, text: held.text + e.text } : { type: e.type, text: e.text };
      timer ??= setTimeout(flush, TEXT_FLUSH_MS);
      return;
    }
    flush();
    send(e);
  };
}
